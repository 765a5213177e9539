using PreDemande.Core.Numbers;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Security;
using PreDemande.Functions.Submission;

namespace PreDemande.Functions.Booking;

/// <summary>
/// <c>GET /api/status?application_ids=A&amp;application_ids=B</c> for booking tools, wire-compatible
/// with the ANTS coordination API: one entry per number asked, keyed as sent.
/// </summary>
public static class BookingFunctions
{
    public const int MaxNumbersPerCall = 20;
    public static readonly FunctionDeclaration Status = FunctionDeclaration.Http("GetApplicationStatus", "GET", "status");

    public static IServiceCollection AddBooking(this IServiceCollection services) =>
        services.AddHttpFunction(Status, new ClientRequirement([ClientRole.Booking], ClientRequirement.BookingHeader), StatusAsync);

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

        var service = context.RequestServices.GetRequiredService<SubmissionService>();
        var statuses = await Task.WhenAll(ids.Select(async id => (Id: id, Status: await StatusOfAsync(service, id, context.RequestAborted))));
        var body = statuses.ToDictionary(s => s.Id, s => new ApplicationStatus(s.Status, []), StringComparer.Ordinal);
        return TypedResults.Json(body, AppJsonContext.Default.DictionaryStringApplicationStatus);
    }

    private static async Task<string> StatusOfAsync(SubmissionService service, string id, CancellationToken cancellationToken)
    {
        if (!PreApplicationNumber.TryNormalize(id, out var number) || !PreApplicationNumber.HasValidCheckCharacter(number))
        {
            return BookingStatus.Unknown;
        }

        var record = await service.GetAsync(number, cancellationToken);
        return record is null ? BookingStatus.Unknown : BookingStatus.From(service.EffectiveStatus(record));
    }
}
