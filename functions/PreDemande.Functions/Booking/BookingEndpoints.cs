using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PreDemande.Core.Numbers;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Security;

namespace PreDemande.Functions.Booking;

/// <summary>
/// <c>GET /api/status?application_ids=A&amp;application_ids=B</c> for booking tools, wire-compatible
/// with the ANTS coordination API: one entry per number asked, keyed as sent.
/// </summary>
public static class BookingEndpoints
{
    public const int MaxNumbersPerCall = 20;

    // Booking tools are written against the ANTS coordination API: a bad token gets its exact answer.
    public static IServiceCollection AddBooking(this IServiceCollection services) =>
        services.Configure<ApiKeyOptions>(Schemes.BookingToken, o => o.Unauthorized =
            TypedResults.Json(BookingUnauthorized.Instance, AppJsonContext.Default.BookingUnauthorized, statusCode: StatusCodes.Status401Unauthorized));

    /// <summary>On <c>/api</c>, role Booking (header <c>x-rdv-opt-auth-token</c>).</summary>
    public static RouteGroupBuilder MapBooking(this RouteGroupBuilder booking)
    {
        booking.MapGet("/status", StatusAsync)
            .AsFunction("GetApplicationStatus")
            .WithSummary("Statut de numéros de pré-demande, au format de l'API de coordination de l'ANTS");
        return booking;
    }

    private static async Task<Results<Ok<Dictionary<string, ApplicationStatus>>, ValidationProblem>> StatusAsync(
        [FromQuery(Name = "application_ids")] string[]? applicationIds,
        PreApplicationStore store,
        CancellationToken cancellationToken)
    {
        var ids = (applicationIds ?? [])
            .Where(id => !string.IsNullOrWhiteSpace(id))
            .Select(id => id.Trim())
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        if (ids.Length == 0 || ids.Length > MaxNumbersPerCall)
        {
            return ProblemResults.Field("application_ids", $"De 1 à {MaxNumbersPerCall} numéros de pré-demande par appel.", "Paramètre application_ids absent ou trop de numéros.");
        }

        var statuses = await Task.WhenAll(ids.Select(async id => (Id: id, Status: await StatusOfAsync(store, id, cancellationToken))));
        return TypedResults.Ok(statuses.ToDictionary(s => s.Id, s => new ApplicationStatus(s.Status, []), StringComparer.Ordinal));
    }

    private static async Task<string> StatusOfAsync(PreApplicationStore store, string id, CancellationToken cancellationToken)
    {
        var record = PreApplicationNumber.TryNormalize(id, out var number) ? await store.GetAsync(number, cancellationToken) : null;
        return record is null ? BookingStatus.Unknown : BookingStatus.From(store.EffectiveStatus(record));
    }
}
