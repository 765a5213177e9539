using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PreDemande.Core.Fees;
using PreDemande.Core.Forms;
using PreDemande.Core.Numbers;
using PreDemande.Functions.Audit;
using PreDemande.Functions.Booking;
using PreDemande.Functions.Notifications;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Retention;
using PreDemande.Functions.Storage;
using PreDemande.LocalHost;

/// <summary>
/// The scale rows: one day of due work seeded on Azurite (unused pre-applications past their
/// expiry, each with its document, recap and purge marker; audit partitions of 2,000 mairies),
/// drained by the app's timer and its fan-out through the stand-in host (host.json's settings),
/// beside the same work done directly by the app's own classes in 16 parallel loops (no queue,
/// no host). A national day (30,000 purges, 760,000 audit rows) is extrapolated from the rates.
/// </summary>
internal sealed partial class HttpBench
{
    private const int NationalPurges = 30_000;
    private const int NationalAuditRows = 760_000;
    private const int AuditRowsPerPurge = 10;

    private async Task ScaleAsync(byte[] form)
    {
        var storage = StorageClients.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection([new("AzureWebJobsStorage", _connection)]).Build());
        var time = TimeProvider.System;
        var due = new DueDates(storage);
        var store = new PreApplicationStore(storage, time);
        var document = System.Text.Json.JsonSerializer.Deserialize(form, BenchJson.Default.PreApplicationForm)!;
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1);

        // The app: the timer hands the day on, WorkDueShard works it through the stand-in host;
        // the purges first, then the audit partitions, each drained apart to rate each kind.
        var rows = ScalePurges * AuditRowsPerPurge;
        var appPurges = await SeedPurgesAsync(storage, due, store, document, ScalePurges, yesterday);
        var appPurgeTime = await DrainAsync(storage, "PurgeExpiredData");
        Console.WriteLine($"scale: {appPurges.Count} purges drained by the app in {appPurgeTime.TotalSeconds:F1} s");
        var appAudit = await SeedAuditAsync(storage, due, rows, yesterday, firstMairie: 10000);
        var appAuditTime = await DrainAsync(storage, "PurgeExpiredData");
        Console.WriteLine($"scale: {rows} audit rows in {appAudit.Count} partitions drained by the app in {appAuditTime.TotalSeconds:F1} s");

        // The same work done directly: the app's Purger and AuditLog, 16 at a time, no queue, no host.
        var options = Options.Create(new RetentionOptions());
        var purger = new Purger(store, storage, new Outbox(storage), new Appointments(storage, store), time, options, NullLogger<Purger>.Instance);
        var audit = new AuditLog(storage, due, time);
        var rawPurges = await SeedPurgesAsync(storage, due, store, document, ScalePurges, yesterday);
        var raw = Stopwatch.StartNew();
        await Parallel.ForEachAsync(rawPurges, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (number, token) => await purger.PurgeAsync(number, token));
        var rawPurgeTime = raw.Elapsed;
        var rawAudit = await SeedAuditAsync(storage, due, rows, yesterday, firstMairie: 50000);
        raw.Restart();
        await Parallel.ForEachAsync(rawAudit, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (partition, token) => await audit.RemoveAsync(partition, 1000, token));
        var rawAuditTime = raw.Elapsed;

        var tombstones = 0;
        foreach (var number in appPurges)
        {
            tombstones += (await store.GetAsync(number, CancellationToken.None))?.Status == PreDemande.Core.Lifecycle.PreApplicationStatus.Purged ? 1 : 0;
        }

        Rows.Add([
            $"scale: {appPurges.Count} due purges, timer + fan-out ({tombstones} tombstones)",
            $"{appPurges.Count / appPurgeTime.TotalSeconds:F1} purges/s ({appPurgeTime.TotalSeconds:F1} s)",
            $"{rawPurges.Count / rawPurgeTime.TotalSeconds:F1} purges/s ({rawPurgeTime.TotalSeconds:F1} s)",
            (rawPurgeTime.TotalSeconds / appPurgeTime.TotalSeconds).ToString("F2", CultureInfo.InvariantCulture),
            "≥ 0.50",
        ]);
        Rows.Add([
            $"scale: {rows} audit rows in {appAudit.Count} (mairie, day) partitions, timer + fan-out",
            $"{rows / appAuditTime.TotalSeconds:F0} rows/s ({appAuditTime.TotalSeconds:F1} s)",
            $"{rows / rawAuditTime.TotalSeconds:F0} rows/s ({rawAuditTime.TotalSeconds:F1} s)",
            (rawAuditTime.TotalSeconds / appAuditTime.TotalSeconds).ToString("F2", CultureInfo.InvariantCulture),
            "≥ 0.50",
        ]);
        var national = TimeSpan.FromSeconds((NationalPurges * appPurgeTime.TotalSeconds / appPurges.Count) + (NationalAuditRows * appAuditTime.TotalSeconds / rows));
        var nationalRaw = TimeSpan.FromSeconds((NationalPurges * rawPurgeTime.TotalSeconds / rawPurges.Count) + (NationalAuditRows * rawAuditTime.TotalSeconds / rows));
        Rows.Add([
            $"scale: a national day ({NationalPurges:N0} purges, {NationalAuditRows:N0} audit rows), extrapolated from the rates above",
            $"{national.TotalMinutes:F1} min",
            $"{nationalRaw.TotalMinutes:F1} min",
            string.Empty,
            "< 30 min",
        ]);
    }

    private static async Task<List<string>> SeedPurgesAsync(StorageClients storage, DueDates due, PreApplicationStore store, PreApplicationForm form, int count, DateTimeOffset day)
    {
        var numbers = Enumerable.Range(0, count).Select(_ => PreApplicationNumber.New()).Distinct().ToList();
        var created = DateTimeOffset.UtcNow.AddMonths(-8);
        await Parallel.ForEachAsync(numbers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (number, token) =>
        {
            var document = new PreApplicationDocument(number, created, created.AddMonths(6), new Fee(86, "Passeport"), form);
            var json = PreApplicationStore.Serialize(document);
            await store.TryInsertAsync(document, json, null, token);
            await store.DocumentBlob(number).UploadAsync(new BinaryData(json), overwrite: true, token);
            await storage.Container(StorageNames.Containers.Recaps).GetBlobClient($"{number}.pdf").UploadAsync(BinaryData.FromString("%PDF-1.7 bench"), overwrite: true, token);
            await due.ScheduleAsync(DueTask.Purge, day, number, token);
        });

        // Each document blob starts its recap (RenderRecap, then the recap e-mail), whose reaction
        // marks the purge again; the timer fires once that has settled, as it would a day later.
        while (true)
        {
            var ready = 0;
            foreach (var number in numbers)
            {
                ready += (await store.GetAsync(number, CancellationToken.None))?.Status == PreDemande.Core.Lifecycle.PreApplicationStatus.RecapReady ? 1 : 0;
            }

            if (ready == numbers.Count && (await storage.Queue(StorageNames.Queues.Notifications).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0)
            {
                return numbers;
            }

            await Task.Delay(1000);
        }
    }

    // Audit rows as the app writes them (a row per partition and its twin per number), the day's markers due.
    private static async Task<List<string>> SeedAuditAsync(StorageClients storage, DueDates due, int rows, DateTimeOffset day, int firstMairie)
    {
        var table = storage.Table(StorageNames.Tables.Audit);
        var mairies = Math.Min(2000, Math.Max(1, rows / 20));
        var stamp = day.AddYears(-5).AddDays(-2);
        var partitions = Enumerable.Range(firstMairie, mairies).Select(m => $"{m:D5}|{stamp.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}").ToList();
        await Parallel.ForEachAsync(partitions, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (partition, token) =>
        {
            var perPartition = rows / partitions.Count;
            var batch = new List<TableTransactionAction>();
            for (var i = 0; i < perPartition; i++)
            {
                var number = PreApplicationNumber.New();
                var rowKey = $"{stamp.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'}|{Guid.NewGuid():N}";
                batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity($"m|{partition}", rowKey) { ["Number"] = number, ["Operation"] = "lookup" }));
                await table.UpsertEntityAsync(new TableEntity($"n|{number}", rowKey) { ["Number"] = number, ["Operation"] = "lookup" }, cancellationToken: token);
            }

            foreach (var chunk in batch.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk, token);
            }

            await due.ScheduleAsync(DueTask.Audit, day, partition, token);
        });
        return partitions;
    }

    // Fires the timer as the host does and waits until its due work is done: due-work empty and no purge or audit marker of the day left.
    private async Task<TimeSpan> DrainAsync(StorageClients storage, string timer)
    {
        var payload = Encoding.UTF8.GetString(HostPayloads.Timer(timer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), isPastDue: false));
        var clock = Stopwatch.StartNew();
        using (var response = await _http.PostAsync(new Uri(_app, $"/{timer}"), new StringContent(payload, Encoding.UTF8, "application/json")))
        {
            response.EnsureSuccessStatusCode();
        }

        var queue = storage.Queue(StorageNames.Queues.DueWork);
        var schedule = storage.Container(StorageNames.Containers.Schedule);
        while (true)
        {
            await Task.Delay(250);
            if (clock.Elapsed > TimeSpan.FromMinutes(30))
            {
                throw new TimeoutException($"The due work was not drained in 30 minutes; {(await storage.Queue(StorageNames.Queues.Poison(StorageNames.Queues.DueWork)).GetPropertiesAsync()).Value.ApproximateMessagesCount} message(s) in due-work-poison.");
            }

            if ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
            {
                continue;
            }

            var left = false;
            await foreach (var _ in schedule.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "purge/", CancellationToken.None))
            {
                left = true;
                break;
            }

            await foreach (var _ in schedule.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "audit/", CancellationToken.None))
            {
                left = true;
                break;
            }

            if (!left)
            {
                return clock.Elapsed;
            }
        }
    }
}
