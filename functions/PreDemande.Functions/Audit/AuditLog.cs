using System.Globalization;
using Azure.Data.Tables;
using PreDemande.Functions.Security;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Audit;

/// <summary>One operation of an agent on a pre-application: who, which mairie, which number, what, when, outcome. No personal data beyond the number.</summary>
public sealed record AuditEntry(string ClientId, string? Mairie, string Number, string Operation, string Outcome, DateTimeOffset At);

/// <summary>
/// The audit log (TES decree: every read, creation, change or deletion by an agent, kept 5 years),
/// table <c>audit</c>. An entry is one row under <c>m|{mairie}|{yyyy-MM-dd}</c> ("everything
/// mairie Y did on day D"), durable before the caller goes on; RowKey = time + entry id, so a
/// partition reads in time order and a retried write lands on the same row. Rows are written
/// through <see cref="GroupCommit"/>: one transaction per partition for concurrent entries. The
/// index for "everything done on number X" (<c>n|{number}</c>, a twin of each row) is built from
/// the day's partition the next night (<see cref="IndexAsync"/>, decision record 0007), so the
/// path writes one row.
/// </summary>
public sealed class AuditLog(StorageClients storage, Scheduling.DueDates due, TimeProvider time)
{
    /// <summary>How long entries are kept (TES decree).</summary>
    public static readonly TimeSpan Retention = PreApplications.RetentionPeriods.Audit;

    private readonly GroupCommit _rows = new(storage.Table(StorageNames.Tables.Audit));

    private TableClient Table => storage.Table(StorageNames.Tables.Audit);

    /// <summary>Records what <paramref name="client"/> (a mairie: its scope is the INSEE code) did on <paramref name="number"/>, with the outcome.</summary>
    public async Task WriteAsync(ClientIdentity client, string number, string operation, string outcome, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var entry = new AuditEntry(client.Id, client.Scope, number, operation, outcome, at);
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        var byDay = ByMairieAndDay(client.Scope ?? "-", day);
        var key = byDay["m|".Length..];
        // The row durable before the caller goes on; a mairie's concurrent reads share the write
        // of their (mairie, day) partition (decision record 0005). The partition's index and its
        // removal are marked once per instance and day.
        await Task.WhenAll(
            _rows.UpsertAsync(Row(byDay, RowKey(at), entry)),
            due.ScheduleOnceAsync(Scheduling.DueTask.AuditIndex, new DateTimeOffset(day.AddDays(1), TimeOnly.MinValue, TimeSpan.Zero), key, day, cancellationToken),
            due.ScheduleOnceAsync(Scheduling.DueTask.Audit, at + Retention, key, day, cancellationToken));
    }

    /// <summary>
    /// Writes the <c>n|{number}</c> twins of at most <paramref name="max"/> rows of one (mairie,
    /// day) partition, from the row after its cursor (a row <c>~indexed</c> of the partition,
    /// moved once the twins are written), as entity group transactions by number. Run the night
    /// after the day, when no row of it is still on its way. <c>More</c> says that rows remain
    /// for another call. Replayable: a twin is an upsert of the same row.
    /// </summary>
    public async Task<(int Indexed, bool More)> IndexAsync(string mairieAndDay, int max, CancellationToken cancellationToken)
    {
        var partition = $"m|{mairieAndDay}";
        var cursor = await Table.GetEntityIfExistsAsync<TableEntity>(partition, CursorRow, ["After"], cancellationToken);
        var after = cursor.HasValue && cursor.Value is { } row ? row.GetString("After") : null;
        var rows = new List<TableEntity>();
        await foreach (var (rowKey, values) in storage.TableProvisioner.PartitionAsync(StorageNames.Tables.Audit, partition, Properties, after, Math.Min(max, 1000), cancellationToken))
        {
            if (rowKey == CursorRow || Parsed(values) is not { } entry)
            {
                continue;
            }

            rows.Add(Row(ByNumber(entry.Number), rowKey, entry));
            if (rows.Count == max)
            {
                break;
            }
        }

        await Parallel.ForEachAsync(rows.GroupBy(r => r.PartitionKey), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (twins, token) =>
            await TableBatches.UpsertAsync(Table, twins.ToArray(), token));
        if (rows.Count > 0)
        {
            await Table.UpsertEntityAsync(new TableEntity(partition, CursorRow) { ["After"] = rows[^1].RowKey }, TableUpdateMode.Replace, cancellationToken);
        }

        return (rows.Count, rows.Count == max);
    }

    /// <summary>
    /// Deletes at most <paramref name="max"/> entries of one (mairie, day) partition and their
    /// twins under <c>n|{number}</c>, once they are <see cref="Retention"/> old: entity group
    /// transactions of up to 100 rows, one partition each (the twins grouped by number, then the
    /// day's rows). <c>More</c> says that rows remain for another call. Replayable: a batch that
    /// meets a row already deleted is done again row by row.
    /// </summary>
    public async Task<(int Removed, bool More)> RemoveAsync(string mairieAndDay, int max, CancellationToken cancellationToken)
    {
        var partition = $"m|{mairieAndDay}";
        var rows = await TableBatches.FirstRowsAsync(storage, StorageNames.Tables.Audit, partition, "Number", max, cancellationToken);
        var more = rows.Count == max;
        var twins = rows.Where(r => r.Value is not null).GroupBy(r => ByNumber(r.Value!), r => r.RowKey);
        await Parallel.ForEachAsync(twins, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (byNumber, token) =>
            await TableBatches.DeleteAsync(Table, byNumber.Key, byNumber.ToArray(), token));
        await TableBatches.DeleteAsync(Table, partition, rows.Select(r => r.RowKey).ToArray(), cancellationToken);
        return (rows.Count, more);
    }

    // The row of a partition that says up to which row its twins are written: after every time-stamped key.
    private const string CursorRow = "~indexed";

    private static readonly string[] Properties = ["Client", "Mairie", "Number", "Operation", "Outcome", "At"];

    // An entry from the properties read in the order of Properties; null for a row that is not one.
    private static AuditEntry? Parsed(string?[] values) =>
        values is [{ } client, var mairie, { } number, { } operation, { } outcome, { } at]
        && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
            ? new AuditEntry(client, mairie, number, operation, outcome, when)
            : null;

    /// <summary>The row of an entry under <paramref name="partition"/> (its day's, or its number's twin).</summary>
    public static TableEntity Row(string partition, string rowKey, AuditEntry entry) => new(partition, rowKey)
    {
        ["Client"] = entry.ClientId,
        ["Mairie"] = entry.Mairie,
        ["Number"] = entry.Number,
        ["Operation"] = entry.Operation,
        ["Outcome"] = entry.Outcome,
        ["At"] = entry.At,
    };

    /// <summary>The row key of an entry written at <paramref name="at"/>: time order within a partition, unique by its id.</summary>
    public static string RowKey(DateTimeOffset at) =>
        $"{at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)}|{Guid.NewGuid():N}";

    public static string ByNumber(string number) => $"n|{number}";

    public static string ByMairieAndDay(string mairie, DateOnly day) => $"m|{mairie}|{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
