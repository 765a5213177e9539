using System.Globalization;
using Azure.Data.Tables;
using PreDemande.Functions.Security;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Audit;

/// <summary>One operation of an agent on a pre-application: who, which mairie, which number, what, when, outcome. No personal data beyond the number.</summary>
public sealed record AuditEntry(string ClientId, string? Mairie, string Number, string Operation, string Outcome, DateTimeOffset At);

/// <summary>
/// The audit log (TES decree: every read, creation, change or deletion by an agent, kept 5 years),
/// table <c>audit</c>. Each entry is written twice, once per question it must answer cheaply:
/// PartitionKey <c>n|{number}</c> ("everything done on number X") and
/// <c>m|{mairie}|{yyyy-MM-dd}</c> ("everything mairie Y did on day D"); RowKey = time + entry id,
/// so a partition reads in time order and a retried write lands on the same row. Rows are
/// written through <see cref="GroupCommit"/>: one transaction per partition for concurrent entries.
/// </summary>
public sealed class AuditLog(StorageClients storage, PreApplications.DueDates due, TimeProvider time)
{
    /// <summary>How long entries are kept (TES decree).</summary>
    public static readonly TimeSpan Retention = PreApplications.RetentionPeriods.Audit;

    private readonly GroupCommit _rows = new(storage.Table(StorageNames.Tables.Audit));

    private TableClient Table => storage.Table(StorageNames.Tables.Audit);

    /// <summary>Records what <paramref name="client"/> (a mairie: its scope is the INSEE code) did on <paramref name="number"/>, with the outcome.</summary>
    public async Task WriteAsync(ClientIdentity client, string number, string operation, string outcome, CancellationToken cancellationToken)
    {
        var (clientId, mairie) = (client.Id, client.Scope);
        var at = time.GetUtcNow();
        var rowKey = $"{at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)}|{Guid.NewGuid():N}";
        var entity = (string partition) => new TableEntity(partition, rowKey)
        {
            ["Client"] = clientId,
            ["Mairie"] = mairie,
            ["Number"] = number,
            ["Operation"] = operation,
            ["Outcome"] = outcome,
            ["At"] = at,
        };
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        var byDay = ByMairieAndDay(mairie ?? "-", day);
        // Both rows durable before the caller goes on; a mairie's concurrent reads share the
        // write of their (mairie, day) partition (decision record 0005).
        await Task.WhenAll(
            _rows.UpsertAsync(entity(ByNumber(number))),
            _rows.UpsertAsync(entity(byDay)),
            due.ScheduleOnceAsync(PreApplications.DueTask.Audit, at + Retention, byDay["m|".Length..], day, cancellationToken));
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



    public static string ByNumber(string number) => $"n|{number}";

    public static string ByMairieAndDay(string mairie, DateOnly day) => $"m|{mairie}|{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
