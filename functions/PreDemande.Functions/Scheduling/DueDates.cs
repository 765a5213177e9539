using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Scheduling;

/// <summary>The kinds of work that fall due on a day.</summary>
public enum DueTask
{
    /// <summary>A collection reminder, 60 days after the title became available.</summary>
    Reminder,

    /// <summary>The purge of a pre-application's personal data.</summary>
    Purge,

    /// <summary>The removal of one (mairie, day) partition of the audit log, 5 years on.</summary>
    Audit,

    /// <summary>The by-number index of one (mairie, day) partition of the audit log, the night after the day.</summary>
    AuditIndex,

    /// <summary>The removal of a rejected upload (its key: the name in <c>quarantine/</c>).</summary>
    Quarantine,

    /// <summary>The removal of one day's partition of <c>Idempotency-Key</c> reservations.</summary>
    Idempotency,

    /// <summary>The erasure of a draft not saved again before its expiry (its key: <c>{account}-{id}</c>).</summary>
    DraftExpiry,

    /// <summary>The e-mail warning before a draft's erasure (its key: <c>{account}-{id}</c>).</summary>
    DraftWarning,
}

/// <summary>One shard of one day of one task: the unit of work a timer hands on (queue <c>due-work</c>).</summary>
public sealed record DueWork(DueTask Task, DateOnly Day, int Shard);

/// <summary>One piece of work due on a day: <paramref name="Marker"/> is the blob to delete once it is done.</summary>
public sealed record DueItem(DueTask Task, DateOnly Day, string Key, string Marker);

/// <summary>
/// What is due on which day, as empty blobs <c>schedule/{task}/{yyyy-MM-dd}/{shard}/{key}</c>
/// written when the due date becomes known (table queries are not Native AOT safe; a blob listing
/// by prefix is). The key (a number, or a mairie and day) picks one of <see cref="Shards"/> shards
/// by its hash, so a day's work is listed and done by as many workers in parallel: a timer only
/// lists the days that have work (one name per day) and hands each (day, shard) on
/// (<see cref="DueWork"/>); a worker takes the shard's lease, does a bounded batch, deletes each
/// marker once its work is done, and hands on the rest. A worker that dies leaves its markers for
/// the next; redoing an item is harmless.
/// </summary>
public sealed class DueDates(StorageClients storage)
{
    /// <summary>Shards per (task, day): at national volume, about 30,000 items a day, 16 shards give about 2,000 items each.</summary>
    public const int Shards = 16;

    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);

    // The keys this instance already scheduled today (ScheduleOnceAsync); forgotten when a new day begins.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _scheduledToday = new(StringComparer.Ordinal);
    private DateOnly _today;

    private BlobContainerClient Container => storage.Container(StorageNames.Containers.Schedule);

    public Task ScheduleAsync(DueTask task, DateTimeOffset due, string key, CancellationToken cancellationToken) =>
        Container.GetBlobClient($"{ShardPrefix(new DueWork(task, DateOnly.FromDateTime(due.UtcDateTime), ShardOf(key)))}{key}").UploadAsync(BinaryData.Empty, overwrite: true, cancellationToken);

    /// <summary>
    /// Schedules <paramref name="key"/> once per instance and day (<paramref name="day"/>): for
    /// work keyed by a partition that many requests of one day write (an audit day, a day of
    /// idempotency keys), only the first of them writes the marker. A failed write is forgotten,
    /// so the next request writes it again.
    /// </summary>
    public async Task ScheduleOnceAsync(DueTask task, DateTimeOffset due, string key, DateOnly day, CancellationToken cancellationToken)
    {
        if (day != _today)
        {
            lock (_scheduledToday)
            {
                if (day > _today)
                {
                    _scheduledToday.Clear();
                    _today = day;
                }
            }
        }

        var memo = $"{Name(task)}|{key}";
        if (!_scheduledToday.TryAdd(memo, 0))
        {
            return;
        }

        try
        {
            await ScheduleAsync(task, due, key, cancellationToken);
        }
        catch
        {
            _scheduledToday.TryRemove(memo, out _);
            throw;
        }
    }

    /// <summary>The days up to <paramref name="today"/> that still have markers of <paramref name="task"/>, oldest first: one listing entry per day.</summary>
    public async Task<IReadOnlyList<DateOnly>> DaysDueAsync(DueTask task, DateOnly today, CancellationToken cancellationToken)
    {
        var days = new List<DateOnly>();
        await foreach (var entry in Container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", $"{Name(task)}/", cancellationToken))
        {
            if (entry.IsPrefix && DateOnly.TryParseExact(entry.Prefix.Split('/')[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                if (day > today)
                {
                    break; // names sort by day: nothing later is due
                }

                days.Add(day);
            }
        }

        return days;
    }

    /// <summary>At most <paramref name="max"/> items of one shard, and whether more remain after them.</summary>
    public async Task<(IReadOnlyList<DueItem> Items, bool More)> ItemsAsync(DueWork work, int max, CancellationToken cancellationToken)
    {
        var prefix = ShardPrefix(work);
        var items = new List<DueItem>();
        await foreach (var page in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).AsPages(pageSizeHint: max + 1))
        {
            foreach (var blob in page.Values)
            {
                if (items.Count == max)
                {
                    return (items, true);
                }

                items.Add(new DueItem(work.Task, work.Day, blob.Name[prefix.Length..], blob.Name));
            }
        }

        return (items, false);
    }

    public Task DoneAsync(DueItem item, CancellationToken cancellationToken) =>
        Container.GetBlobClient(item.Marker).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    /// <summary>
    /// The lease of one shard, so that two deliveries of the same <see cref="DueWork"/> (a timer run
    /// again after it was cut short) do not work the same items side by side; null while another
    /// worker holds it. It lasts a minute and is renewed as the work goes on.
    /// </summary>
    public async Task<ShardLease?> TryLeaseAsync(DueWork work, CancellationToken cancellationToken)
    {
        var lockBlob = storage.Container(StorageNames.Containers.Schedule).GetBlobClient($"locks/{ShardPrefix(work)}");
        try
        {
            await lockBlob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            // there already: its lease says who works the shard
        }

        var lease = lockBlob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken);
            return new ShardLease(lockBlob, lease);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return null;
        }
    }

    /// <summary>The shard of a key: FNV-1a of its characters, stable across processes and versions (string.GetHashCode is not).</summary>
    public static int ShardOf(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Shards);
    }

    public static string Name(DueTask task) => task switch
    {
        DueTask.Reminder => "reminder",
        DueTask.Purge => "purge",
        DueTask.Audit => "audit",
        DueTask.AuditIndex => "auditindex",
        DueTask.Quarantine => "quarantine",
        DueTask.Idempotency => "idempotency",
        DueTask.DraftExpiry => "draft",
        DueTask.DraftWarning => "draftwarning",
    };

    private static string ShardPrefix(DueWork work) =>
        $"{Name(work.Task)}/{work.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/{work.Shard.ToString("00", CultureInfo.InvariantCulture)}/";

    /// <summary>A shard's lease: renewed when half its time is gone (by one of the items worked side by side), released (and its lock blob deleted) at the end.</summary>
    public sealed class ShardLease(BlobClient lockBlob, BlobLeaseClient lease) : IAsyncDisposable
    {
        private long _renewedAt = Stopwatch.GetTimestamp();
        private int _renewing;

        public async Task KeepAsync(CancellationToken cancellationToken)
        {
            if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _renewedAt)) <= LeaseDuration / 2 || Interlocked.Exchange(ref _renewing, 1) == 1)
            {
                return; // not yet due, or another item is renewing it
            }

            try
            {
                await lease.RenewAsync(cancellationToken: cancellationToken);
                Interlocked.Exchange(ref _renewedAt, Stopwatch.GetTimestamp());
            }
            finally
            {
                Volatile.Write(ref _renewing, 0);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await lockBlob.DeleteIfExistsAsync(conditions: new BlobRequestConditions { LeaseId = lease.LeaseId });
            }
            catch (RequestFailedException)
            {
                // the lease ran out meanwhile: the lock blob stays, free for the next worker
            }
        }
    }
}
