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
using PreDemande.Functions.Settings;
using PreDemande.Functions.Submission;

namespace PreDemande.Functions.Drafts;

/// <summary>A draft as saved: where to resume it and until when it is kept.</summary>
public sealed record DraftSaved(string Id, DateTimeOffset SavedAt, DateTimeOffset ExpiresAt, string Url);

/// <summary>A draft resumed: the form as saved.</summary>
public sealed record DraftView(string Id, DateTimeOffset SavedAt, DateTimeOffset ExpiresAt, PreApplicationForm Form);

/// <summary>
/// Drafts of the applicant's account (<c>/api/brouillons</c>, role Portal, header
/// <see cref="ApplicantAccount.Header"/> required): save an unfinished form, resume it, delete
/// it, submit it as a pre-application.
/// </summary>
public static class DraftEndpoints
{
    /// <summary>The schema of a draft's form in the OpenAPI document: types and lengths, not completeness.</summary>
    public const string FormSchemaName = "DraftForm";

    public static IServiceCollection AddDrafts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DraftOptions>().Bind(configuration.GetSection(DraftOptions.Section)).Checked();
        services.AddSingleton<DraftStore>();
        services.AddSingleton<DraftWarnings>();
        services.AddDueTaskHandler<DraftExpiryHandler>(DueTask.DraftExpiry, DueWindow.Night);
        services.AddDueTaskHandler<DraftWarningHandler>(DueTask.DraftWarning, DueWindow.Morning);
        return services;
    }

    /// <summary>The drafts, on <c>/api/brouillons</c>: role Portal, the account required.</summary>
    public static RouteGroupBuilder MapDrafts(this RouteGroupBuilder api)
    {
        var drafts = api.MapGroup("/brouillons").WithTags("Portail").RequireAuthorization(Policies.Portal).WithApplicantAccount().RequireApplicantAccount();
        var maxBodyBytes = ((IEndpointRouteBuilder)drafts).ServiceProvider.GetRequiredService<IOptions<SubmissionOptions>>().Value.MaxBodyBytes;
        drafts.MapPost("", CreateAsync)
            .AsFunction("CreateDraft")
            .AcceptsJson<PreApplicationForm>(new JsonBodyLimits(maxBodyBytes) { SchemaName = FormSchemaName })
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Met de côté un formulaire inachevé")
            .WithDescription("Contrôle les types et les longueurs, pas la complétude. Gardé 90 jours après le dernier enregistrement.");
        drafts.MapGet("/{id}", GetAsync)
            .AsFunction("GetDraft")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Reprend un brouillon");
        drafts.MapPut("/{id}", SaveAsync)
            .AsFunction("SaveDraft")
            .AcceptsJson<PreApplicationForm>(new JsonBodyLimits(maxBodyBytes) { SchemaName = FormSchemaName })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Enregistre un brouillon (il est gardé 90 jours de plus)");
        drafts.MapDelete("/{id}", DeleteAsync)
            .AsFunction("DeleteDraft")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Supprime un brouillon");
        drafts.MapPost("/{id}/submit", SubmitAsync)
            .AsFunction("SubmitDraft")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Dépose le brouillon comme pré-demande")
            .WithDescription("Validation complète et création comme POST /api/predemandes ; sans Idempotency-Key, le brouillon lui sert de clé (un nouvel envoi rend la même pré-demande). Le brouillon est supprimé une fois la pré-demande créée.");
        return drafts;
    }

    private static async Task<Results<Created<DraftSaved>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        JsonBody<PreApplicationForm> body,
        [FromHeader(Name = ApplicantAccount.Header)] ApplicantAccount account,
        DraftStore drafts,
        IOptions<DraftOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (DraftLimits.Check(body.Value!) is { Count: > 0 } errors)
        {
            return ProblemResults.Validation(errors);
        }

        if ((await drafts.ListAsync(account.Hash, options.Value.MaxPerAccount, cancellationToken)).Count >= options.Value.MaxPerAccount)
        {
            return ProblemResults.Problem(StatusCodes.Status409Conflict, "too-many-drafts", "Trop de brouillons", $"Un compte garde au plus {options.Value.MaxPerAccount} brouillons : en supprimer ou en déposer un.");
        }

        var draft = await drafts.SaveAsync(account.Hash, DraftStore.NewId(), body.Value!, time.GetUtcNow(), options.Value.Lifetime, cancellationToken);
        return TypedResults.Created(Url(draft.Id), Saved(draft));
    }

    private static async Task<Results<Ok<DraftView>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string id,
        [FromHeader(Name = ApplicantAccount.Header)] ApplicantAccount account,
        DraftStore drafts,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        response.Headers.CacheControl = "no-store";
        return await drafts.GetAsync(account.Hash, id, cancellationToken) is { } draft
            ? TypedResults.Ok(new DraftView(draft.Id, draft.SavedAt, draft.ExpiresAt, draft.Form))
            : NotFound(id);
    }

    private static async Task<Results<Ok<DraftSaved>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        string id,
        JsonBody<PreApplicationForm> body,
        [FromHeader(Name = ApplicantAccount.Header)] ApplicantAccount account,
        DraftStore drafts,
        IOptions<DraftOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await drafts.GetAsync(account.Hash, id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        if (DraftLimits.Check(body.Value!) is { Count: > 0 } errors)
        {
            return ProblemResults.Validation(errors);
        }

        return TypedResults.Ok(Saved(await drafts.SaveAsync(account.Hash, id, body.Value!, time.GetUtcNow(), options.Value.Lifetime, cancellationToken)));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string id,
        [FromHeader(Name = ApplicantAccount.Header)] ApplicantAccount account,
        DraftStore drafts,
        CancellationToken cancellationToken)
    {
        return DraftStore.IsId(id) && await drafts.DeleteAsync(account.Hash, id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);
    }

    private static async Task<Results<Created<SubmitResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        string id,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        [FromHeader(Name = ApplicantAccount.Header)] ApplicantAccount account,
        ClientIdentity client,
        DraftStore drafts,
        SubmissionService submissions,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (await drafts.GetAsync(account.Hash, id, cancellationToken) is not { } draft)
        {
            return NotFound(id);
        }

        var outcome = await submissions.SubmitAsync(client.Id, idempotencyKey ?? $"draft:{id}", account, draft.Form, cancellationToken);
        if (outcome is SubmitOutcome.Created)
        {
            await drafts.DeleteAsync(account.Hash, id, cancellationToken);
        }

        return outcome.ToResult(response);
    }

    private static ProblemHttpResult NotFound(string id) => ProblemResults.NotFound($"Aucun brouillon {id} pour ce compte.");

    private static string Url(string id) => $"/api/brouillons/{id}";

    private static DraftSaved Saved(Draft draft) => new(draft.Id, draft.SavedAt, draft.ExpiresAt, Url(draft.Id));
}
