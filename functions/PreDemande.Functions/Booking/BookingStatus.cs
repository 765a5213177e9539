using PreDemande.Core.Forms;

namespace PreDemande.Functions.Booking;

/// <summary>
/// The statuses of the ANTS coordination API, from ours:
/// submitted, recapReady → validated (usable at a mairie);
/// consumed and everything after it at the mairie or the préfecture → consumed;
/// expired (or past its expiry date while unused), purged → expired;
/// no such number, or not a well-formed number → unknown.
/// "declared" (known but not complete) is never answered: a pre-application is complete once accepted.
/// </summary>
public static class BookingStatus
{
    public const string Validated = "validated";
    public const string Declared = "declared";
    public const string Consumed = "consumed";
    public const string Expired = "expired";
    public const string Unknown = "unknown";

    public static string From(string effectiveStatus) => effectiveStatus switch
    {
        PreApplicationStatus.Submitted or PreApplicationStatus.RecapReady => Validated,
        PreApplicationStatus.Expired or PreApplicationStatus.Purged => Expired,
        PreApplicationStatus.Consumed or PreApplicationStatus.UnderInstruction or PreApplicationStatus.InProduction
            or PreApplicationStatus.Available or PreApplicationStatus.HandedOver or PreApplicationStatus.Refused => Consumed,
        _ => Unknown,
    };
}

public sealed record ApplicationStatus(string Status, IReadOnlyList<object> Appointments);

/// <summary>The ANTS API's answer to a bad token, reproduced exactly.</summary>
public sealed record BookingUnauthorized(string Detail)
{
    public static readonly BookingUnauthorized Instance = new("X-RDV-OPT-AUTH-TOKEN header invalid");
}
