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
using PreDemande.Functions.Scheduling;
using PreDemande.Functions.Storage;
using PreDemande.LocalHost;

/// <summary>
/// The scale rows: a fraction of one national day of due work seeded on Azurite (N unused
/// pre-applications past their expiry, each with its document, recap and purge marker; 5 N titles
/// available whose collection reminder is due; N / 3 (mairie, day) audit partitions of the
/// national shape), drained by the app's timers and their fan-out through the stand-in host
/// (host.json's settings), beside the same work done directly by the app's own classes in 16
/// parallel loops (no queue, no host). A national day (30,000 purges, 30,000 reminders, the
/// by-number index of a day's 380,000 audit entries and the removal of 760,000 audit rows, each in
/// 2,000 partitions) is extrapolated from the rates.
/// </summary>
internal sealed partial class HttpBench
{
    private const int NationalPurges = 30_000;
    private const int NationalReminders = 30_000;
    private const int NationalAuditRows = 760_000;
    private const int NationalAuditPartitions = 2_000;
    private const int RemindersPerPurge = 5;

    // A national (mairie, day) partition: 760,000 rows / 2 (each entry and its twin) / 2,000
    // partitions = 190 entries; a number read at its appointment has about 7 entries there
    // (search, lookup, recap, corrections, deposit, récépissé), so 27 numbers of 7 entries.
    private const int NumbersPerPartition = 27;
    private const int EntriesPerNumber = 7;
    private const int RowsPerPartition = 2 * NumbersPerPartition * EntriesPerNumber;

    private async Task ScaleAsync(byte[] form)
    {
        var storage = StorageClients.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection([new("AzureWebJobsStorage", _connection)]).Build());
        var time = TimeProvider.System;
        var due = new DueDates(storage);
        var store = new PreApplicationStore(storage);
        var document = System.Text.Json.JsonSerializer.Deserialize(form, BenchJson.Default.PreApplicationForm)!;
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1);
        var partitions = Math.Max(1, RemindersPerPurge * ScalePurges * NationalAuditPartitions / NationalPurges); // as the reminders: cheap to seed, a larger fraction
        var reminders = RemindersPerPurge * ScalePurges; // cheap to seed: a larger fraction, so that the first poll of due-work weighs less

        // The app: each timer hands its days on, WorkDueShard works them through the stand-in
        // host; each kind seeded and drained apart, to rate each kind.
        var appPurges = await SeedPurgesAsync(storage, due, store, document, ScalePurges, yesterday);
        var appPurgeTime = await DrainAsync(storage, "PurgeExpiredData", "purge/");
        Console.WriteLine($"scale: {appPurges.Count} purges drained by the app in {appPurgeTime.TotalSeconds:F1} s");
        var appReminders = await SeedRemindersAsync(storage, due, document, reminders, yesterday);
        var appReminderTime = await DrainAsync(storage, "SendCollectionReminders", "reminder/");
        Console.WriteLine($"scale: {appReminders.Count} reminders handed to the notifications queue by the app in {appReminderTime.TotalSeconds:F1} s; their SMS sent after {(appReminderTime + await SettledAsync(storage)).TotalSeconds:F1} s");
        var appIndex = await SeedAuditAsync(storage, due, partitions, yesterday, firstMairie: 20000, indexed: false);
        var appIndexTime = await DrainAsync(storage, "PurgeExpiredData", "auditindex/");
        var entries = appIndex.Count * RowsPerPartition / 2;
        Console.WriteLine($"scale: {entries} audit entries in {appIndex.Count} partitions indexed by number by the app in {appIndexTime.TotalSeconds:F1} s");
        var appAudit = await SeedAuditAsync(storage, due, partitions, yesterday, firstMairie: 10000, indexed: true);
        var appAuditTime = await DrainAsync(storage, "PurgeExpiredData", "audit/");
        var rows = appAudit.Count * RowsPerPartition;
        Console.WriteLine($"scale: {rows} audit rows in {appAudit.Count} partitions drained by the app in {appAuditTime.TotalSeconds:F1} s");

        // The same work done directly: the app's Purger, reminder request and AuditLog, 16 at a time, no queue, no host.
        var options = Options.Create(new RetentionOptions());
        var purger = new Purger(store, storage, new Outbox(storage), new Appointments(storage, store), new AccountLists(storage), due, time, options, NullLogger<Purger>.Instance);
        var audit = new AuditLog(storage, due, time);
        var notifications = new NotificationRequests(new MessageQueues(storage));
        var rawPurges = await SeedPurgesAsync(storage, due, store, document, ScalePurges, yesterday);
        var rawPurgeTime = await DirectAsync(rawPurges, async (number, token) => await purger.PurgeAsync(number, token));
        var rawReminders = await SeedRemindersAsync(storage, due, document, reminders, yesterday);
        var rawReminderTime = await DirectAsync(rawReminders, async (number, token) =>
        {
            if (await store.GetAsync(number, token) is { Status: PreDemande.Core.Lifecycle.PreApplicationStatus.Available })
            {
                await notifications.RequestAsync(number, NotificationKinds.CollectionReminder, token);
            }
        });
        await SettledAsync(storage);
        var rawIndex = await SeedAuditAsync(storage, due, partitions, yesterday, firstMairie: 60000, indexed: false);
        var rawIndexTime = await DirectAsync(rawIndex, async (partition, token) => await audit.IndexAsync(partition, 1000, token));
        var rawAudit = await SeedAuditAsync(storage, due, partitions, yesterday, firstMairie: 50000, indexed: true);
        var rawAuditTime = await DirectAsync(rawAudit, async (partition, token) => await audit.RemoveAsync(partition, 1000, token));

        var tombstones = 0;
        foreach (var number in appPurges)
        {
            tombstones += (await store.GetAsync(number, CancellationToken.None))?.Status == PreDemande.Core.Lifecycle.PreApplicationStatus.Purged ? 1 : 0;
        }

        Rows.Add(ScaleRow($"scale: {appPurges.Count} due purges, timer + fan-out ({tombstones} tombstones)", "purges", appPurges.Count, appPurgeTime, rawPurgeTime));
        Rows.Add(ScaleRow($"scale: {appReminders.Count} due reminders, timer + fan-out (to the notifications queue)", "reminders", appReminders.Count, appReminderTime, rawReminderTime));
        Rows.Add(ScaleRow($"scale: {entries} audit entries in {appIndex.Count} (mairie, day) partitions indexed by number, timer + fan-out", "entries", entries, appIndexTime, rawIndexTime));
        Rows.Add(ScaleRow($"scale: {rows} audit rows in {appAudit.Count} (mairie, day) partitions removed, timer + fan-out", "rows", rows, appAuditTime, rawAuditTime));
        TimeSpan National(TimeSpan purges, TimeSpan reminderTime, TimeSpan index, TimeSpan audits) => TimeSpan.FromSeconds(
            (NationalPurges * purges.TotalSeconds / ScalePurges) + (NationalReminders * reminderTime.TotalSeconds / reminders)
            + (NationalAuditRows / 2 * index.TotalSeconds / entries) + (NationalAuditRows * audits.TotalSeconds / rows));
        Rows.Add([
            $"scale: a national day ({NationalPurges:N0} purges, {NationalReminders:N0} reminders, {NationalAuditRows / 2:N0} audit entries indexed, {NationalAuditRows:N0} audit rows removed), extrapolated from the rates above, one kind after the other",
            $"{National(appPurgeTime, appReminderTime, appIndexTime, appAuditTime).TotalMinutes:F1} min",
            $"{National(rawPurgeTime, rawReminderTime, rawIndexTime, rawAuditTime).TotalMinutes:F1} min",
            string.Empty,
            "< 30 min",
        ]);
    }

    private static string[] ScaleRow(string name, string unit, int count, TimeSpan app, TimeSpan raw) =>
    [
        name,
        $"{count / app.TotalSeconds:F1} {unit}/s ({app.TotalSeconds:F1} s)",
        $"{count / raw.TotalSeconds:F1} {unit}/s ({raw.TotalSeconds:F1} s)",
        (raw.TotalSeconds / app.TotalSeconds).ToString("F2", CultureInfo.InvariantCulture),
        "≥ 0.50",
    ];

    private static async Task<TimeSpan> DirectAsync(IEnumerable<string> keys, Func<string, CancellationToken, ValueTask> work)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, work);
        return clock.Elapsed;
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

    // Titles available for a month: the entity as the app leaves it (no document blob, so no recap starts), the reminder due.
    private static async Task<List<string>> SeedRemindersAsync(StorageClients storage, DueDates due, PreApplicationForm form, int count, DateTimeOffset day)
    {
        var numbers = Enumerable.Range(0, count).Select(_ => PreApplicationNumber.New()).Distinct().ToList();
        var created = DateTimeOffset.UtcNow.AddMonths(-3);
        var table = storage.Table(StorageNames.Tables.PreApplications);
        await Parallel.ForEachAsync(numbers, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (number, token) =>
        {
            var document = new PreApplicationDocument(number, created, created.AddMonths(6), new Fee(86, "Passeport"), form);
            await table.AddEntityAsync(new Azure.Data.Tables.TableEntity(number, PreApplicationStore.RowKey)
            {
                ["Status"] = "available",
                ["CreatedAt"] = created,
                ["ExpiresAt"] = document.ExpiresAt,
                ["Document"] = Encoding.UTF8.GetString(PreApplicationStore.Serialize(document)),
            }, token);
            await due.ScheduleAsync(DueTask.Reminder, day, number, token);
        });
        return numbers;
    }

    // Audit partitions of the national shape (see RowsPerPartition): each entry as the app writes
    // it under its (mairie, day) partition; indexed: with its twin under the number and the
    // removal due, as five years on; otherwise alone, its by-number index due, as the night after.
    private static async Task<List<string>> SeedAuditAsync(StorageClients storage, DueDates due, int count, DateTimeOffset day, int firstMairie, bool indexed)
    {
        var table = storage.Table(StorageNames.Tables.Audit);
        var stamp = day.AddYears(-5).AddDays(-2);
        var partitions = Enumerable.Range(firstMairie, count).Select(m => $"{m:D5}|{stamp.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}").ToList();
        await Parallel.ForEachAsync(partitions, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (partition, token) =>
        {
            var byDay = new List<TableEntity>();
            for (var n = 0; n < NumbersPerPartition; n++)
            {
                var number = PreApplicationNumber.New();
                var twins = new List<TableEntity>();
                for (var e = 0; e < EntriesPerNumber; e++)
                {
                    var at = stamp.AddMinutes((n * EntriesPerNumber) + e);
                    var (rowKey, entry) = (AuditLog.RowKey(at), new AuditEntry("bench-mairie", partition[..5], number, "lookup", "read", at));
                    byDay.Add(AuditLog.Row($"m|{partition}", rowKey, entry));
                    twins.Add(AuditLog.Row(AuditLog.ByNumber(number), rowKey, entry));
                }

                if (indexed)
                {
                    await TableBatches.UpsertAsync(table, twins, token);
                }
            }

            await TableBatches.UpsertAsync(table, byDay, token);

            await due.ScheduleAsync(indexed ? DueTask.Audit : DueTask.AuditIndex, day, partition, token);
        });
        return partitions;
    }

    // Waits until the notifications queue is empty (the reminders' SMS sent), for the next kind to start on a quiet app.
    private static async Task<TimeSpan> SettledAsync(StorageClients storage)
    {
        var clock = Stopwatch.StartNew();
        while ((await storage.Queue(StorageNames.Queues.Notifications).GetPropertiesAsync()).Value.ApproximateMessagesCount > 0)
        {
            await Task.Delay(250);
        }

        return clock.Elapsed;
    }

    // Fires the timer as the host does and waits until its due work is done: due-work empty and no marker under the prefix left.
    private async Task<TimeSpan> DrainAsync(StorageClients storage, string timer, string prefix)
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
            await foreach (var _ in schedule.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None))
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
