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
/// so a partition reads in time order and a retried write lands on the same row.
/// </summary>
public sealed class AuditLog(StorageClients storage, TimeProvider time)
{
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
        await Task.WhenAll(
            Table.UpsertEntityAsync(entity(ByNumber(number)), TableUpdateMode.Replace, cancellationToken),
            Table.UpsertEntityAsync(entity(ByMairieAndDay(mairie ?? "-", DateOnly.FromDateTime(at.UtcDateTime))), TableUpdateMode.Replace, cancellationToken));
    }

    public static string ByNumber(string number) => $"n|{number}";

    public static string ByMairieAndDay(string mairie, DateOnly day) => $"m|{mairie}|{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
