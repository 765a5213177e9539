using PreDemande.Core.Forms;
using PreDemande.Core.Numbers;
using PreDemande.Functions.Audit;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Http;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Security;
using PreDemande.Functions.Submission;

namespace PreDemande.Functions.Mairie;

/// <summary>The mairie's DR: look a pre-application up by number (or QR code), find numbers in typed or scanned text. Every read is audited.</summary>
public static class MairieFunctions
{
    public const int MaxSearchResults = 10;
    public static readonly FunctionDeclaration Lookup = FunctionDeclaration.Http("MairieLookup", "GET", "dr/predemandes/{number}");
    public static readonly FunctionDeclaration Search = FunctionDeclaration.Http("MairieSearch", "POST", "dr/search");

    public static IServiceCollection AddMairie(this IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        services.AddHttpFunction(Lookup, ClientRequirement.Of(ClientRole.Mairie), LookupAsync);
        services.AddHttpFunction(Search, ClientRequirement.Of(ClientRole.Mairie), SearchAsync);
        return services;
    }

    private static async Task<IResult> LookupAsync(HttpContext context)
    {
        var client = context.Client();
        var audit = context.RequestServices.GetRequiredService<AuditLog>();
        var (number, problem) = NumberRoute.Read(context);
        if (number is null)
        {
            return problem!;
        }

        var store = context.RequestServices.GetRequiredService<PreApplicationStore>();
        var access = await MairieAccess.ReadAsync(store, number, client, context.RequestAborted);

        // The read is recorded before any data leaves: no audit, no data.
        await audit.WriteAsync(client, number, "lookup", access.Outcome, context.RequestAborted);
        if (!access.IsGranted)
        {
            return access.Problem!;
        }

        context.Response.Headers.ETag = access.Record!.Version;
        return TypedResults.Ok(PreApplicationView.ForMairie(access.Record, access.Status!));
    }

    private static async Task<IResult> SearchAsync(HttpContext context)
    {
        var body = await JsonBody.ReadAsync(context, AppJsonContext.Default.SearchRequest, 16 * 1024);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        if (string.IsNullOrWhiteSpace(body.Value?.Input))
        {
            return ProblemResults.Validation(new Dictionary<string, string[]> { ["input"] = [FieldRules.Required] });
        }

        var client = context.Client();
        var store = context.RequestServices.GetRequiredService<PreApplicationStore>();
        var audit = context.RequestServices.GetRequiredService<AuditLog>();
        var hits = await Task.WhenAll(NumberFinder.Find(body.Value.Input, MaxSearchResults).Select(async number =>
        {
            var record = await store.GetAsync(number, context.RequestAborted);
            var status = record is null ? "unknown" : store.EffectiveStatus(record);
            await audit.WriteAsync(client, number, "search", status, context.RequestAborted);
            return new SearchHit(number, status);
        }));
        return TypedResults.Ok(new SearchResponse(hits));
    }
}
