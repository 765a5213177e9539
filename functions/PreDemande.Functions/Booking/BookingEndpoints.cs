using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PreDemande.Core.Forms;
using PreDemande.Core.Numbers;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Security;

namespace PreDemande.Functions.Booking;

/// <summary>
/// The ANTS coordination API for booking tools, wire-compatible (api.md "Booking tools"): the
/// status of numbers with their appointments, and the appointments the tools declare and delete,
/// so that one number cannot hold appointments in several mairies unseen. Every parameter is a
/// query parameter; malformed input answers 422 in FastAPI's shape.
/// </summary>
public static class BookingEndpoints
{
    public const int MaxTextLength = 500;
    public const int MaxUrlLength = 2000;

    // Booking tools are written against the ANTS coordination API: a bad token gets its exact answer.
    public static IServiceCollection AddBooking(this IServiceCollection services) =>
        services
            .AddSingleton<Appointments>()
            .Configure<ApiKeyOptions>(Schemes.BookingToken, o => o.Unauthorized =
                TypedResults.Json(BookingUnauthorized.Instance, AppJsonContext.Default.BookingUnauthorized, statusCode: StatusCodes.Status401Unauthorized));

    /// <summary>On <c>/api</c>, role Booking (header <c>x-rdv-opt-auth-token</c>).</summary>
    public static RouteGroupBuilder MapBooking(this RouteGroupBuilder api)
    {
        var booking = api.MapGroup("").WithTags("Outils de rendez-vous").RequireAuthorization(Policies.Booking);
        booking.MapGet("/status", StatusAsync)
            .AsFunction("GetApplicationStatus")
            .Produces<JsonObject>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Statut de numéros de pré-demande et rendez-vous déclarés, au format de l'API de coordination de l'ANTS")
            .WithDescription("application_ids répété, chaque valeur pouvant joindre plusieurs numéros (, ; : - / . ou espace) ; au plus 20 numéros ; minuscules lues en majuscules.");
        booking.MapPost("/appointments", DeclareAsync)
            .AsFunction("DeclareAppointment")
            .Produces<JsonObject>(StatusCodes.Status422UnprocessableEntity)
            .Produces<JsonObject>(StatusCodes.Status400BadRequest)
            .WithSummary("Déclare un rendez-vous pris pour un numéro (idempotent)")
            .WithDescription("appointment_date : YYYY-MM-DD HH:MM:SS (heure de Paris) ou ISO 8601 avec Z. Refusé si le numéro n'est pas validated, ou si management_url est déjà celle d'un autre numéro.");
        booking.MapDelete("/appointments", DeleteAsync)
            .AsFunction("DeleteAppointment")
            .Produces<JsonObject>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Supprime les rendez-vous d'un numéro à ce lieu et à cette date ; rowcount dit combien");
        return booking;
    }

    private static async Task<Results<Ok<Dictionary<string, BookingStatusView>>, JsonHttpResult<JsonObject>>> StatusAsync(
        [FromQuery(Name = "application_ids")] string[]? applicationIds,
        [FromQuery(Name = "meeting_point_id")] string? meetingPointId,
        PreApplicationStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (ids, errors) = AntsQuery.ParseApplicationIds(applicationIds ?? [], "application_ids");
        if (errors.Count == 0 && ids.Count > AntsQuery.MaxApplicationIds)
        {
            errors.Add((JsonNode)AntsQuery.Item("application_ids", null, $"ensure this value has at most {AntsQuery.MaxApplicationIds} items", "value_error.list.max_items", new JsonObject { ["limit_value"] = AntsQuery.MaxApplicationIds }));
        }

        if (errors.Count > 0)
        {
            return Unprocessable(errors);
        }

        var statuses = await Task.WhenAll(ids.Select(async id => (Id: id, View: await StatusOfAsync(store, id, time.GetUtcNow(), cancellationToken))));
        return TypedResults.Ok(statuses.ToDictionary(s => s.Id, s => s.View, StringComparer.Ordinal));
    }

    /// <summary>The query that names an appointment in both calls, as the ANTS API names its members.</summary>
    internal sealed class AppointmentSlot
    {
        [FromQuery(Name = "application_id")]
        public string? ApplicationId { get; init; }

        [FromQuery(Name = "meeting_point_id")]
        public string? MeetingPointId { get; init; }

        [FromQuery(Name = "meeting_point")]
        public string? MeetingPoint { get; init; }

        [FromQuery(Name = "appointment_date")]
        public string? AppointmentDate { get; init; }
    }

    /// <summary>What declaring an appointment works with, bound from the services. The clock stays a parameter of its own: inside an [AsParameters] bundle the API description takes a TimeProvider for a request body.</summary>
    internal sealed class DeclareServices(PreApplicationStore store, Appointments appointments)
    {
        public PreApplicationStore Store { get; } = store;

        public Appointments Appointments { get; } = appointments;
    }

    private static async Task<Results<Ok<AppointmentSuccess>, JsonHttpResult<JsonObject>>> DeclareAsync(
        [AsParameters] AppointmentSlot slot,
        [FromQuery(Name = "management_url")] string? managementUrl,
        ClientIdentity client,
        [AsParameters] DeclareServices services,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (store, appointments) = (services.Store, services.Appointments);
        var (meetingPointId, meetingPoint) = (slot.MeetingPointId, slot.MeetingPoint);
        var (number, date, errors) = Slot(slot);
        if (Required(managementUrl, "management_url", MaxUrlLength, errors) && !Uri.TryCreate(managementUrl, UriKind.Absolute, out _))
        {
            errors.Add((JsonNode)AntsQuery.Item("management_url", null, "invalid or missing URL scheme", "value_error.url.scheme"));
        }

        if (errors.Count > 0)
        {
            return Unprocessable(errors);
        }

        var (record, status) = await ReadAsync(store, number!, time.GetUtcNow(), cancellationToken);
        if (record is null || status != BookingStatus.Validated)
        {
            return Refused($"Application ID {number} is {status}: no appointment can be declared for it.");
        }

        var appointment = new Appointment(managementUrl!, meetingPointId!, meetingPoint!, date!.Value, client.Id, time.GetUtcNow());
        return await appointments.AddAsync(record, appointment, cancellationToken) == AddOutcome.UrlTakenByAnotherNumber
            ? Refused($"management_url {managementUrl} is already the appointment of another application ID.")
            : TypedResults.Ok(new AppointmentSuccess(true));
    }

    private static async Task<Results<Ok<AppointmentRowCount>, JsonHttpResult<JsonObject>>> DeleteAsync(
        [AsParameters] AppointmentSlot slot,
        Appointments appointments,
        CancellationToken cancellationToken)
    {
        var (number, date, errors) = Slot(slot);
        if (errors.Count > 0)
        {
            return Unprocessable(errors);
        }

        return TypedResults.Ok(new AppointmentRowCount(await appointments.DeleteAsync(number!, slot.MeetingPointId!, slot.MeetingPoint!, date!.Value, cancellationToken)));
    }

    /// <summary>The ANTS status of a number, with its appointments while it is usable: one point read.</summary>
    private static async Task<BookingStatusView> StatusOfAsync(PreApplicationStore store, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (record, status) = await ReadAsync(store, id, now, cancellationToken);
        if (record is null || status is BookingStatus.Consumed or BookingStatus.Expired)
        {
            return new BookingStatusView(status, []);
        }

        return new BookingStatusView(status, record.Appointments.OrderBy(a => a.AppointmentDate).Select(AppointmentView.From).ToArray());
    }

    private static async Task<(PreApplicationRecord? Record, string Status)> ReadAsync(PreApplicationStore store, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(Lookup(id), cancellationToken);
        return (record, record is null ? BookingStatus.Unknown : BookingStatus.From(record.StatusAt(now)));
    }

    // I and O, never drawn, are read as 1 and 0 (PreApplicationNumber.TryNormalize).
    private static string Lookup(string id) => PreApplicationNumber.TryNormalize(id, out var number) ? number : id;

    // What names an appointment in both calls: the number, the meeting point, the date.
    private static (string? Number, DateTimeOffset? Date, JsonArray Errors) Slot(AppointmentSlot slot)
    {
        var (applicationId, meetingPointId, meetingPoint, appointmentDate) = (slot.ApplicationId, slot.MeetingPointId, slot.MeetingPoint, slot.AppointmentDate);
        var errors = new JsonArray();
        var number = Number(applicationId, errors);
        Required(meetingPointId, "meeting_point_id", MaxTextLength, errors);
        Required(meetingPoint, "meeting_point", MaxTextLength, errors);
        return (number, Date(appointmentDate, errors), errors);
    }

    private static string? Number(string? value, JsonArray errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add((JsonNode)AntsQuery.Missing("application_id"));
            return null;
        }

        // One number only: application_id does not take the separators application_ids does.
        var id = value.ToUpperInvariant();
        if (!AntsQuery.IsOneId(id))
        {
            errors.Add((JsonNode)AntsQuery.Item("application_id", null, "string does not match regex \"^[A-Z0-9]{10}$\"", "value_error.str.regex", new JsonObject { ["pattern"] = "^[A-Z0-9]{10}$" }));
            return null;
        }

        return Lookup(id);
    }

    private static bool Required(string? value, string name, int maxLength, JsonArray errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add((JsonNode)AntsQuery.Missing(name));
            return false;
        }

        if (value.Length > maxLength)
        {
            errors.Add((JsonNode)AntsQuery.Item(name, null, $"ensure this value has at most {maxLength} characters", "value_error.any_str.max_length", new JsonObject { ["limit_value"] = maxLength }));
            return false;
        }

        return true;
    }

    private static DateTimeOffset? Date(string? value, JsonArray errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add((JsonNode)AntsQuery.Missing("appointment_date"));
            return null;
        }

        if (!AntsQuery.TryParseDate(value, out var instant))
        {
            errors.Add((JsonNode)AntsQuery.Item("appointment_date", null, "invalid datetime format", "value_error.datetime"));
            return null;
        }

        return instant;
    }

    private static JsonHttpResult<JsonObject> Unprocessable(JsonArray errors) =>
        TypedResults.Json(AntsQuery.Detail(errors), AppJsonContext.Default.JsonObject, statusCode: StatusCodes.Status422UnprocessableEntity);

    private static JsonHttpResult<JsonObject> Refused(string detail) =>
        TypedResults.Json(new JsonObject { ["detail"] = detail }, AppJsonContext.Default.JsonObject, statusCode: StatusCodes.Status400BadRequest);
}
