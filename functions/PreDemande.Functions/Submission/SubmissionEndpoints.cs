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

    /// <summary>On <c>/api/predemandes</c>, role Portal.</summary>
    public static RouteGroupBuilder MapSubmission(this RouteGroupBuilder portal)
    {
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

    /// <summary>What the submission endpoint works with, bound from the services. The clock stays a parameter of its own: inside an [AsParameters] bundle the API description takes a TimeProvider for a request body.</summary>
    internal sealed class SubmissionServices(FormValidator validator, SubmissionService submissions, IOptions<SubmissionOptions> options)
    {
        public FormValidator Validator { get; } = validator;

        public SubmissionService Submissions { get; } = submissions;

        public IOptions<SubmissionOptions> Options { get; } = options;
    }

    private static Task<Results<Created<SubmitResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        JsonBody<PreApplicationForm> body,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        [FromHeader(Name = ApplicantAccount.Header)] string? accountHeader,
        ClientIdentity client,
        [AsParameters] SubmissionServices services,
        TimeProvider time,
        HttpResponse response,
        CancellationToken cancellationToken) =>
        AcceptAsync(body.Value!, idempotencyKey, accountHeader, client, services, time, response, cancellationToken);

    /// <summary>The submission, from the portal's form or from a draft: the key and the account checked, the form validated in full, the pre-application created (or the first answer replayed).</summary>
    internal static async Task<Results<Created<SubmitResponse>, ValidationProblem, ProblemHttpResult>> AcceptAsync(
        PreApplicationForm form,
        string? idempotencyKey,
        string? accountHeader,
        ClientIdentity client,
        SubmissionServices services,
        TimeProvider time,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var (validator, submissions, options) = (services.Validator, services.Submissions, services.Options);
        var maxKeyLength = options.Value.MaxIdempotencyKeyLength;
        if (idempotencyKey is { } key && (key.Length > maxKeyLength || key.Any(c => c is < ' ' or > '~')))
        {
            return ProblemResults.Field("Idempotency-Key", $"Au plus {maxKeyLength} caractères ASCII imprimables.", "En-tête Idempotency-Key invalide.");
        }

        if (!ApplicantAccount.TryFrom(accountHeader, out var account))
        {
            return ProblemResults.Field(ApplicantAccount.Header, $"Au plus {ApplicantAccount.MaxSubjectLength} caractères ASCII imprimables, sans espace.", "Compte invalide.");
        }

        var validation = validator.Validate(form, FrenchClock.Today(time));
        if (!validation.IsValid)
        {
            return ProblemResults.Validation(validation.Errors.ToDictionary());
        }

        var outcome = await submissions.SubmitAsync(client.Id, string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey, account, validation.Form!, validation.Fee!, cancellationToken);
        if (outcome is not SubmitOutcome.Created created)
        {
            return ProblemResults.IdempotencyMismatch();
        }

        if (created.Replayed)
        {
            response.Headers["Idempotent-Replayed"] = "true";
        }

        var answer = SubmitResponse.From(created.Document);
        return TypedResults.Created(Routes.PreApplication(answer.Number), answer);
    }

    private static async Task<Results<Ok<PreApplicationView>, ValidationProblem, ProblemHttpResult>> GetAsync(
        RouteNumber number,
        [FromHeader(Name = ApplicantAccount.Header)] string? accountHeader,
        PreApplicationStore store,
        Reference.ComedecListStore comedec,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!ApplicantAccount.TryFrom(accountHeader, out var account))
        {
            return ProblemResults.Field(ApplicantAccount.Header, $"Au plus {ApplicantAccount.MaxSubjectLength} caractères ASCII imprimables, sans espace.", "Compte invalide.");
        }

        // Another account's pre-application (or one with an account, read without it) does not exist for this caller.
        if (await store.GetAsync(number, cancellationToken) is not { } record || !ApplicantAccount.May(account, record))
        {
            return ProblemResults.NotFound($"Aucune pré-demande n'a le numéro {number}.");
        }

        return record.Status == PreApplicationStatus.Purged
            ? ProblemResults.Purged(number)
            : TypedResults.Ok(PreApplicationView.From(record, record.StatusAt(time.GetUtcNow()), await comedec.CurrentAsync(cancellationToken)));
    }
}
