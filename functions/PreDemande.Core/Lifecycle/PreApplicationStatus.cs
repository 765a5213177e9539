using System.Text.Json;
using System.Text.Json.Serialization;

namespace PreDemande.Core.Lifecycle;

/// <summary>
/// The life of a pre-application (see <see cref="Lifecycle"/> for the events between them). The
/// first two are ours; the others follow the application at the mairie and the préfecture. On
/// the wire and in storage each is its camelCase name (<c>recapReady</c>).
/// </summary>
[JsonConverter(typeof(StatusJsonConverter))]
public enum PreApplicationStatus
{
    Submitted,
    RecapReady,

    /// <summary>Lodged at a mairie: the number has served and cannot serve again.</summary>
    Consumed,
    UnderInstruction,
    InProduction,
    Available,
    HandedOver,
    Refused,

    /// <summary>The title was not collected in time and was destroyed by the mairie.</summary>
    Destroyed,

    /// <summary>Unused past its expiry date (computed on read from submitted or recapReady).</summary>
    Expired,

    /// <summary>Its personal data deleted; the tombstone keeps the number from being drawn again.</summary>
    Purged,
}

/// <summary>Writes and reads a status as its camelCase name.</summary>
public sealed class StatusJsonConverter() : JsonStringEnumConverter<PreApplicationStatus>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);

/// <summary>A status's wire and storage name, and back.</summary>
public static class Statuses
{
    public static IReadOnlyList<PreApplicationStatus> All { get; } = Enum.GetValues<PreApplicationStatus>();

    /// <summary>The camelCase name, as the API and the table write it.</summary>
    public static string Name(this PreApplicationStatus status) => status switch
    {
        PreApplicationStatus.Submitted => "submitted",
        PreApplicationStatus.RecapReady => "recapReady",
        PreApplicationStatus.Consumed => "consumed",
        PreApplicationStatus.UnderInstruction => "underInstruction",
        PreApplicationStatus.InProduction => "inProduction",
        PreApplicationStatus.Available => "available",
        PreApplicationStatus.HandedOver => "handedOver",
        PreApplicationStatus.Refused => "refused",
        PreApplicationStatus.Destroyed => "destroyed",
        PreApplicationStatus.Expired => "expired",
        PreApplicationStatus.Purged => "purged",
    };

    /// <summary>The status of that name; false for any other text.</summary>
    public static bool TryParse(string? name, out PreApplicationStatus status) => ByName(All, Name, name, out status);

    /// <summary>The status of a stored name; a name no version of the app writes is corrupt data.</summary>
    public static PreApplicationStatus Parse(string name) =>
        TryParse(name, out var status) ? status : throw new InvalidDataException($"Unknown pre-application status '{name}'");

    /// <summary>The candidate whose name is exactly <paramref name="name"/> (ordinal): names are read as they are written.</summary>
    internal static bool ByName<T>(IEnumerable<T> candidates, Func<T, string> nameOf, string? name, out T found)
        where T : struct, Enum
    {
        foreach (var candidate in candidates)
        {
            if (string.Equals(nameOf(candidate), name, StringComparison.Ordinal))
            {
                found = candidate;
                return true;
            }
        }

        found = default;
        return false;
    }
}
