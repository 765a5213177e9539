using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Problems;

namespace PreDemande.Functions.Http;

/// <summary>Endpoint metadata: the operation needs the applicant's account (<see cref="ApplicantAccountFilter.RequireApplicantAccount{TBuilder}"/>).</summary>
public sealed class ApplicantAccountRequired
{
    public static readonly ApplicantAccountRequired Instance = new();

    private ApplicantAccountRequired()
    {
    }
}

/// <summary>
/// The applicant's account header (<see cref="ApplicantAccount.Header"/>), read once for the
/// portal's routes: handlers take it bound (<see cref="ApplicantAccount"/>), and
/// <see cref="Filter"/> answers one problem, <see cref="ProblemResults.InvalidAccount"/>, for a
/// malformed header, or a missing one where the operation needs an account, before the handler
/// runs (the generated delegate runs the filters even when the binding failed).
/// </summary>
public static class ApplicantAccountFilter
{
    /// <summary>Checks the account header on every route of the group.</summary>
    public static RouteGroupBuilder WithApplicantAccount(this RouteGroupBuilder group) => group.AddEndpointFilter(Filter);

    /// <summary>The operation needs the account: without the header it answers the problem.</summary>
    public static TBuilder RequireApplicantAccount<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(ApplicantAccountRequired.Instance);

    /// <summary>Whether the endpoint was marked with <see cref="RequireApplicantAccount{TBuilder}"/>.</summary>
    public static bool RequiresApplicantAccount(IEnumerable<object> metadata) => metadata.OfType<ApplicantAccountRequired>().Any();

    public static ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var wellFormed = ApplicantAccount.TryFrom(http.Request.Headers[ApplicantAccount.Header], out var account);
        var refused = !wellFormed || (account is null && http.GetEndpoint()?.Metadata.GetMetadata<ApplicantAccountRequired>() is not null);
        return refused ? ValueTask.FromResult<object?>(ProblemResults.InvalidAccount(ApplicantAccount.Header, ApplicantAccount.MaxSubjectLength)) : next(context);
    }
}
