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

        // The app: the timer hands the day on, WorkDueShard works it through the stand-in host.
        var appPurges = await SeedPurgesAsync(storage, due, store, document, ScalePurges, yesterday);
        var appAudit = await SeedAuditAsync(storage, due, ScalePurges * AuditRowsPerPurge, yesterday, firstMairie: 10000);
        var appTime = await DrainAsync(storage, "PurgeExpiredData");

        // The same work done directly: the app's Purger and AuditLog, 16 at a time, no queue, no host.
        var options = Options.Create(new RetentionOptions());
        var purger = new Purger(store, storage, new Outbox(storage), new Appointments(storage, store), time, options, NullLogger<Purger>.Instance);
        var audit = new AuditLog(storage, due, time);
        var rawPurges = await SeedPurgesAsync(storage, due, store, document, ScalePurges, yesterday);
        var rawAudit = await SeedAuditAsync(storage, due, ScalePurges * AuditRowsPerPurge, yesterday, firstMairie: 50000);
        var raw = Stopwatch.StartNew();
        await Parallel.ForEachAsync(rawPurges, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (number, token) => await purger.PurgeAsync(number, token));
        var rawPurgeSeconds = raw.Elapsed.TotalSeconds;
        await Parallel.ForEachAsync(rawAudit, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (partition, token) => await audit.RemoveAsync(partition, 1000, token));
        var rawSeconds = raw.Elapsed.TotalSeconds;

        var tombstones = 0;
        foreach (var number in appPurges)
        {
            tombstones += (await store.GetAsync(number, CancellationToken.None))?.Status == PreDemande.Core.Lifecycle.PreApplicationStatus.Purged ? 1 : 0;
        }

        var nationalMinutes = appTime.TotalSeconds * ((double)NationalPurges / appPurges.Count) / 60;
        Rows.Add([
            $"scale: {appPurges.Count} purges + {appPurges.Count * AuditRowsPerPurge} audit rows in {appAudit.Count} (mairie, day) partitions, timer + fan-out ({tombstones} tombstones)",
            $"{appTime.TotalSeconds:F1} s: {appPurges.Count / appTime.TotalSeconds:F0} purges/s with their audit rows",
            $"{rawSeconds:F1} s ({rawPurges.Count / rawPurgeSeconds:F0} purges/s, then the audit)",
            (rawSeconds / appTime.TotalSeconds).ToString("F2", CultureInfo.InvariantCulture),
            "≥ 0.50",
        ]);
        Rows.Add([
            $"scale: a national day ({NationalPurges:N0} purges, {NationalAuditRows:N0} audit rows), extrapolated from the run above",
            $"{nationalMinutes:F1} min",
            string.Empty,
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
        return numbers;
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
