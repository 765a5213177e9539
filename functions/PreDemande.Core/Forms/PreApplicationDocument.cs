using PreDemande.Core.Fees;

namespace PreDemande.Core.Forms;

/// <summary>
/// The canonical pre-application as accepted: written once as <c>predemandes/{number}.json</c>
/// and never rewritten (the recap is rendered from it; corrections are kept apart).
/// </summary>
public sealed record PreApplicationDocument(
    string Number,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    Fee Fee,
    PreApplicationForm Form);

/// <summary>The life of a pre-application. The first three are ours; the others follow the application at the mairie and the préfecture.</summary>
public static class PreApplicationStatus
{
    public const string Submitted = "submitted";
    public const string RecapReady = "recapReady";
    public const string Consumed = "consumed";
    public const string UnderInstruction = "underInstruction";
    public const string InProduction = "inProduction";
    public const string Available = "available";
    public const string HandedOver = "handedOver";
    public const string Refused = "refused";

    /// <summary>The title was not collected in time and was destroyed by the mairie.</summary>
    public const string Destroyed = "destroyed";
    public const string Expired = "expired";
    public const string Purged = "purged";

    /// <summary>Statuses in which an unused pre-application can expire.</summary>
    public static bool IsUnused(string status) => status is Submitted or RecapReady;
}
