using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PreDemande.Functions.Audit;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Mairie;
using PreDemande.Functions.Http;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Security;

namespace PreDemande.Functions.Corrections;

/// <summary><c>PATCH /api/dr/predemandes/{number}</c>: the mairie corrects typing errors with the applicant. Audited.</summary>
public static class CorrectionEndpoints
{
    public const string MediaType = "application/merge-patch+json";
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The body's schema in the OpenAPI document: the form as a typed merge patch (read here as a JSON object).</summary>
    public const string BodySchemaName = "CorrectionRequest";

    public static IServiceCollection AddCorrections(this IServiceCollection services) =>
        services.AddSingleton<CorrectionService>();

    /// <summary>The correction, on <c>/api/dr</c>: role Mairie.</summary>
    public static RouteGroupBuilder MapCorrections(this RouteGroupBuilder api)
    {
        var dr = api.MapGroup("/dr").WithTags("Mairie (DR)").RequireAuthorization(Policies.Mairie);
        dr.MapPatch("/predemandes/{number}", CorrectAsync)
            .AsFunction("MairieCorrect")
            .AcceptsJson<JsonObject>(new JsonBodyLimits(MaxBodyBytes, MediaType) { SchemaName = BodySchemaName })
            .ProducesAccessProblems()
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .WithSummary("Corrige le formulaire avec l'usager (JSON merge patch, If-Match requis ; audité)")
            .WithDescription("Corps : {\"form\": {…}} fusionné dans le formulaire (RFC 7396 : null retire, un tableau est remplacé entier). Chaque champ modifié est gardé avec avant, après, qui et quand ; l'original reste lisible.");
        return dr;
    }

    private static async Task<Results<Ok<MairieView>, ValidationProblem, ProblemHttpResult>> CorrectAsync(
        RouteNumber number,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        JsonBody<JsonObject> body,
        ClientIdentity client,
        CorrectionService corrections,
        AuditLog audit,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(ifMatch))
        {
            return ProblemResults.PreconditionRequired();
        }

        var outcome = await corrections.CorrectAsync(client, number, ifMatch, body.Value!, cancellationToken);
        await audit.WriteAsync(client, number, "correct", outcome.Audit, cancellationToken);
        switch (outcome)
        {
            case CorrectionOutcome.Done done:
                response.Headers.ETag = done.Record.Version;
                return TypedResults.Ok(MairieView.Of(done.Record, done.Status));
            case CorrectionOutcome.Refused refused:
                return refused.Access.Problem(number);
            case CorrectionOutcome.Closed closed:
                return ProblemResults.Problem(
                    StatusCodes.Status409Conflict,
                    "corrections-closed",
                    "Corrections closes",
                    $"La pré-demande {number} a été déposée le {closed.Record.Lodging?.At:yyyy-MM-dd HH:mm} (UTC) : ses données sont parties avec le dossier.");
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
