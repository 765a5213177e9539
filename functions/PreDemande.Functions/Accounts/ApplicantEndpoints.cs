using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PreDemande.Core.Lifecycle;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Http;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Security;

namespace PreDemande.Functions.Accounts;

/// <summary>One pre-application in its account's list.</summary>
public sealed record AccountItem(string Number, IReadOnlyList<string> Titles, PreApplicationStatus Status, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string Url);

/// <summary>A draft in its account's list.</summary>
public sealed record AccountDraft(string Id, DateTimeOffset ExpiresAt, string Url);

/// <summary>A page of an account's pre-applications, newest first; <c>next</c> continues it (null on the last page). The first page also lists the account's drafts.</summary>
public sealed record AccountPage(IReadOnlyList<AccountItem> Items, string? Next)
{
    public IReadOnlyList<AccountDraft>? Drafts { get; init; }
}

/// <summary>The applicant's own space on the portal: the account's pre-applications, and withdrawal.</summary>
public static class ApplicantEndpoints
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 50;

    public static IServiceCollection AddApplicant(this IServiceCollection services)
    {
        services.AddSingleton<ApplicantSpace>();
        return services;
    }

    /// <summary>The account's list and the withdrawal, on <c>/api/predemandes</c>: role Portal.</summary>
    public static RouteGroupBuilder MapApplicant(this RouteGroupBuilder api)
    {
        var portal = api.MapGroup("/predemandes").WithTags("Portail").RequireAuthorization(Policies.Portal).WithApplicantAccount();
        portal.MapGet("", ListAsync)
            .AsFunction("ListAccountPreApplications")
            .RequireApplicantAccount()
            .ProducesValidationProblem()
            .WithSummary("Les pré-demandes d'un compte, les plus récentes d'abord")
            .WithDescription($"Le compte est nommé par l'en-tête {ApplicantAccount.Header} (identifiant opaque du compte sur le portail). Par pages de {DefaultPageSize} (pageSize jusqu'à {MaxPageSize}) ; next continue la liste.");
        portal.MapDelete("/{number}", WithdrawAsync)
            .AsFunction("WithdrawPreApplication")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status410Gone)
            .WithSummary("Retire une pré-demande (effacement des données)")
            .WithDescription("Par le compte qui l'a déposée, tant qu'elle n'a pas été déposée en mairie : les données sont effacées aussitôt, le numéro n'est jamais réattribué. 409 une fois déposée en mairie.");
        return portal;
    }

    // GET /api/predemandes
    private static async Task<Results<Ok<AccountPage>, ValidationProblem>> ListAsync(
        [FromHeader(Name = ApplicantAccount.Header)] ApplicantAccount account,
        [FromQuery] int? pageSize,
        [FromQuery] string? after,
        ApplicantSpace space,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var size = pageSize ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            return ProblemResults.Field("pageSize", $"Entre 1 et {MaxPageSize}.", "Taille de page invalide.");
        }

        if (after is not null && !ApplicantSpace.TryReadCursor(after, out _))
        {
            return ProblemResults.Field("after", "Reprendre avec la valeur next de la page précédente.", "Curseur de page invalide.");
        }

        response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(await space.PageAsync(account, after, size, cancellationToken));
    }

    // DELETE /api/predemandes/{number}
    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> WithdrawAsync(
        RouteNumber number,
        [FromHeader(Name = ApplicantAccount.Header)] ApplicantAccount? account,
        ClientIdentity client,
        ApplicantSpace space,
        CancellationToken cancellationToken) =>
        await space.WithdrawAsync(client, account, number, cancellationToken) switch
        {
            Withdrawal.Done => TypedResults.NoContent(),
            Withdrawal.NotFound => ProblemResults.UnknownNumber(number),
            Withdrawal.Gone => ProblemResults.Purged(number),
            Withdrawal.Lodged => ProblemResults.AlreadyLodged($"La pré-demande {number} a été déposée en mairie : elle ne peut plus être retirée en ligne ; s'adresser à la mairie."),
        };
}
