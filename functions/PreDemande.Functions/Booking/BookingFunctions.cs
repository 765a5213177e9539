using PreDemande.Core.Numbers;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Security;
using PreDemande.Functions.PreApplications;

namespace PreDemande.Functions.Booking;

/// <summary>
/// <c>GET /api/status?application_ids=A&amp;application_ids=B</c> for booking tools, wire-compatible
/// with the ANTS coordination API: one entry per number asked, keyed as sent.
/// </summary>
public static class BookingFunctions
{
    public const int MaxNumbersPerCall = 20;
    public static readonly FunctionDeclaration Status = FunctionDeclaration.Http("GetApplicationStatus", "GET", "status");

    // Booking tools are written against the ANTS coordination API: a bad token gets its exact answer.
    private static readonly ClientRequirement BookingTools = new(
        [ClientRole.Booking],
        ClientRequirement.BookingHeader,
        TypedResults.Json(BookingUnauthorized.Instance, AppJsonContext.Default.BookingUnauthorized, statusCode: StatusCodes.Status401Unauthorized));

    public static IServiceCollection AddBooking(this IServiceCollection services) =>
        services.AddHttpFunction(Status, BookingTools, StatusAsync);

    private static async Task<IResult> StatusAsync(HttpContext context)
    {
        var ids = context.Request.Query["application_ids"]
            .Where(id => !string.IsNullOrWhiteSpace(id))
            .Select(id => id!.Trim())
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        if (ids.Length == 0 || ids.Length > MaxNumbersPerCall)
        {
            return ProblemResults.Validation(
                new Dictionary<string, string[]> { ["application_ids"] = [$"De 1 à {MaxNumbersPerCall} numéros de pré-demande par appel."] },
                "Paramètre application_ids absent ou trop de numéros.");
        }

        var store = context.RequestServices.GetRequiredService<PreApplicationStore>();
        var statuses = await Task.WhenAll(ids.Select(async id => (Id: id, Status: await StatusOfAsync(store, id, context.RequestAborted))));
        var body = statuses.ToDictionary(s => s.Id, s => new ApplicationStatus(s.Status, []), StringComparer.Ordinal);
        return TypedResults.Json(body, AppJsonContext.Default.DictionaryStringApplicationStatus);
    }

    private static async Task<string> StatusOfAsync(PreApplicationStore store, string id, CancellationToken cancellationToken)
    {
        var record = PreApplicationNumber.TryNormalize(id, out var number) ? await store.GetAsync(number, cancellationToken) : null;
        return record is null ? BookingStatus.Unknown : BookingStatus.From(store.EffectiveStatus(record));
    }
}
