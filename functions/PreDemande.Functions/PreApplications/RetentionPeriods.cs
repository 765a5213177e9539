using System.Text.Json;
using PreDemande.Functions.Hosting;

namespace PreDemande.Functions.PreApplications;

/// <summary>
/// The retention periods of <c>infra/retention.json</c>, embedded in the app: the defaults of
/// the retention settings and of the audit log, from the same file the Bicep templates
/// read for the archive's immutability and the lifecycle rules.
/// </summary>
public static class RetentionPeriods
{
    private static readonly Lazy<IReadOnlyDictionary<string, int>> Days = new(Load);

    public static TimeSpan UnusedGrace => Period("unusedGraceDays");

    public static TimeSpan LodgedRetention => Period("lodgedRetentionDays");

    public static TimeSpan ArchiveImmutability => Period("archiveImmutabilityDays");

    public static TimeSpan Quarantine => Period("quarantineDays");

    public static TimeSpan Audit => Period("auditDays");

    public static TimeSpan ImmutableRetry => Period("immutableRetryDays");

    private static TimeSpan Period(string name) =>
        Days.Value.TryGetValue(name, out var days) ? TimeSpan.FromDays(days) : throw new InvalidDataException($"infra/retention.json has no {name}");

    private static Dictionary<string, int> Load()
    {
        using var document = EmbeddedFiles.Json("PreDemande.Retention.json");
        return document.RootElement.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
    }
}
