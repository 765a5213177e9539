using System.Text.Json.Serialization;
using PreDemande.Core.Lifecycle;
using PreDemande.Functions.PreApplications;

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

    /// <summary>The ANTS status of a number we know; <see cref="Unknown"/> is only for numbers we do not.</summary>
    public static string From(PreApplicationStatus effectiveStatus) => Lifecycle.PhaseOf(effectiveStatus) switch
    {
        LifecyclePhase.AwaitingMairie => Validated,
        LifecyclePhase.Lodged => Consumed,
        LifecyclePhase.Lapsed or LifecyclePhase.Purged => Expired,
    };
}

/// <summary>One number in the answer of <c>GET /api/status</c>, as the ANTS API writes it.</summary>
public sealed record BookingStatusView(string Status, IReadOnlyList<AppointmentView> Appointments);

/// <summary>An appointment as the ANTS API lists it (snake_case members; the date in Paris time, no offset).</summary>
public sealed record AppointmentView(
    [property: JsonPropertyName("management_url")] string ManagementUrl,
    [property: JsonPropertyName("meeting_point")] string MeetingPoint,
    [property: JsonPropertyName("meeting_point_id")] string MeetingPointId,
    [property: JsonPropertyName("appointment_date")] string AppointmentDate)
{
    public static AppointmentView From(Appointment a) => new(a.ManagementUrl, a.MeetingPoint, a.MeetingPointId, AntsQuery.FormatDate(a.AppointmentDate));
}

/// <summary><c>{"success": true}</c>.</summary>
public sealed record AppointmentSuccess(bool Success);

/// <summary><c>{"rowcount": N}</c>.</summary>
public sealed record AppointmentRowCount([property: JsonPropertyName("rowcount")] int RowCount);

/// <summary>An appointment as the mairie's DR sees it beside the pre-application.</summary>
public sealed record BookedAppointment(string MeetingPoint, string MeetingPointId, DateTimeOffset Date, string ManagementUrl, string BookedBy)
{
    public static BookedAppointment From(Appointment a) => new(a.MeetingPoint, a.MeetingPointId, a.AppointmentDate, a.ManagementUrl, a.ClientId);
}

/// <summary>The ANTS API's answer to a bad token, reproduced exactly.</summary>
public sealed record BookingUnauthorized(string Detail)
{
    public static readonly BookingUnauthorized Instance = new("X-RDV-OPT-AUTH-TOKEN header invalid");
}
