using PreDemande.Functions.Audit;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Http;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Security;
using PreDemande.Functions.Submission;

namespace PreDemande.Functions.Corrections;

/// <summary><c>PATCH /api/dr/predemandes/{number}</c>: the mairie corrects typing errors with the applicant. Audited.</summary>
public static class CorrectionFunctions
{
    public const string MediaType = "application/merge-patch+json";
    public const int MaxBodyBytes = 64 * 1024;
    public static readonly FunctionDeclaration Correct = FunctionDeclaration.Http("MairieCorrect", "PATCH", "dr/predemandes/{number}");

    public static IServiceCollection AddCorrections(this IServiceCollection services)
    {
        services.AddSingleton<CorrectionService>();
        services.AddHttpFunction(Correct, ClientRequirement.Of(ClientRole.Mairie), CorrectAsync);
        return services;
    }

    private static async Task<IResult> CorrectAsync(HttpContext context)
    {
        var (number, problem) = NumberRoute.Read(context);
        if (number is null)
        {
            return problem!;
        }

        var ifMatch = context.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0)
        {
            return ProblemResults.PreconditionRequired();
        }

        var body = await JsonBody.ReadAsync(context, AppJsonContext.Default.JsonObject, MaxBodyBytes, MediaType);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (body.Value is null)
        {
            return ProblemResults.Validation(new Dictionary<string, string[]> { ["$"] = ["Objet JSON attendu : {\"form\": {…}}."] });
        }

        var client = context.Client();
        var outcome = await context.RequestServices.GetRequiredService<CorrectionService>().CorrectAsync(client, number, ifMatch, body.Value, context.RequestAborted);
        await context.RequestServices.GetRequiredService<AuditLog>().WriteAsync(client, number, "correct", outcome.Audit, context.RequestAborted);
        switch (outcome)
        {
            case CorrectionOutcome.Done done:
                context.Response.Headers.ETag = done.Record.Version;
                return TypedResults.Ok(PreApplicationView.ForMairie(done.Record, done.Status));
            case CorrectionOutcome.Refused refused:
                return refused.Access.Problem!;
            case CorrectionOutcome.Closed closed:
                return ProblemResults.Problem(
                    StatusCodes.Status409Conflict,
                    "corrections-closed",
                    "Corrections closes",
                    $"La pré-demande {number} a été déposée le {closed.Record.LodgedAt:yyyy-MM-dd HH:mm} (UTC) : ses données sont parties avec le dossier.");
            case CorrectionOutcome.Stale:
                return ProblemResults.PreconditionFailed($"La pré-demande {number} a changé depuis sa lecture : la relire, puis refaire la correction.");
            case CorrectionOutcome.Invalid invalid:
                return ProblemResults.Validation(invalid.Errors, "La pré-demande corrigée serait invalide : voir errors.");
            default:
                return ProblemResults.Problem(
                    StatusCodes.Status409Conflict,
                    "too-many-corrections",
                    "Trop de corrections",
                    $"La pré-demande {number} a atteint le nombre maximal de corrections : faire une nouvelle pré-demande avec l'usager.");
        }
    }
}
