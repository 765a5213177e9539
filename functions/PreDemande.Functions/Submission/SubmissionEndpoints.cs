using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PreDemande.Core.Forms;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Http;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Scheduling;
using PreDemande.Functions.Security;
using PreDemande.Core.Lifecycle;

using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Submission;

/// <summary>The citizen portal's functions: submit a pre-application, read it back.</summary>
public static class SubmissionEndpoints
{
    public static IServiceCollection AddSubmission(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SubmissionOptions>().Bind(configuration.GetSection(SubmissionOptions.Section)).Checked();
        services.AddSingleton<IdempotencyStore>();
        services.AddDueTaskHandler<IdempotencyExpiryHandler>(DueTask.Idempotency, DueWindow.Night);
        services.AddSingleton<SubmissionService>();
        return services;
    }

    /// <summary>Submit and read back, on <c>/api/predemandes</c>: role Portal, the account optional.</summary>
    public static RouteGroupBuilder MapSubmission(this RouteGroupBuilder api)
    {
        var portal = api.MapGroup("/predemandes").WithTags("Portail").RequireAuthorization(Policies.Portal).WithApplicantAccount();
        var maxBodyBytes = ((IEndpointRouteBuilder)portal).ServiceProvider.GetRequiredService<IOptions<SubmissionOptions>>().Value.MaxBodyBytes;
        portal.MapPost("", SubmitAsync)
            .AsFunction("SubmitPreApplication")
            .AcceptsJson<PreApplicationForm>(new JsonBodyLimits(maxBodyBytes))
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Dépose une pré-demande")
            .WithDescription("Valide le formulaire champ par champ, calcule le timbre fiscal dû, attribue un numéro de 10 caractères. Avec Idempotency-Key, un nouvel envoi du même corps rend la première réponse ; un autre corps sous la même clé : 422. Avec X-Applicant-Account, la pré-demande appartient à ce compte : seul ce compte la relit, la liste ou la retire.");
        portal.MapGet("/{number}", GetAsync)
            .AsFunction("GetPreApplication")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone)
            .WithSummary("Relit une pré-demande avec son statut")
            .WithDescription("Une pré-demande d'un compte ne se relit qu'en nommant ce compte (X-Applicant-Account) : sinon 404, comme si elle n'existait pas.");
        return portal;
    }

    // POST /api/predemandes
    private static async Task<Results<Created<SubmitResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        JsonBody<PreApplicationForm> body,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        [FromHeader(Name = ApplicantAccount.Header)] ApplicantAccount? account,
        ClientIdentity client,
        SubmissionService submissions,
        HttpResponse response,
        CancellationToken cancellationToken) =>
        (await submissions.SubmitAsync(client.Id, idempotencyKey, account, body.Value!, cancellationToken)).ToResult(response);

    // GET /api/predemandes/{number}
    private static async Task<Results<Ok<PreApplicationView>, ValidationProblem, ProblemHttpResult>> GetAsync(
        RouteNumber number,
        [FromHeader(Name = ApplicantAccount.Header)] ApplicantAccount? account,
        PreApplicationStore store,
        Reference.ComedecListStore comedec,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        // Another account's pre-application (or one with an account, read without it) does not exist for this caller.
        if (await store.GetAsync(number, cancellationToken) is not { } record || !ApplicantAccount.May(account, record))
        {
            return ProblemResults.UnknownNumber(number);
        }

        return record.Status == PreApplicationStatus.Purged
            ? ProblemResults.Purged(number)
            : TypedResults.Ok(PreApplicationView.From(record, record.StatusAt(time.GetUtcNow()), await comedec.CurrentAsync(cancellationToken)));
    }
}
