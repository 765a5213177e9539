using Azure;
using PreDemande.Functions.Audit;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Http;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Security;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Recap;

/// <summary>The recap: rendered when a pre-application document lands, served to the portal (and to the mairie, which may print it).</summary>
public static class RecapFunctions
{
    public static readonly FunctionDeclaration Render = FunctionDeclaration.Blob("RenderRecap", $"{StorageNames.Containers.PreApplications}/{{name}}.json");
    public static readonly FunctionDeclaration Download = FunctionDeclaration.Http("GetRecap", "GET", "predemandes/{number}/recap");

    public const int RetryAfterSeconds = 2;

    public static IServiceCollection AddRecap(this IServiceCollection services)
    {
        services.AddSingleton<RecapFonts>();
        services.AddSingleton<RecapRenderer>();
        services.AddSingleton<RecapService>();
        services.AddTriggerFunction(Render, (invocation, provider, cancellationToken) =>
            provider.GetRequiredService<RecapService>().RenderAsync(
                invocation.MetadataString("name") ?? throw new InvalidOperationException("Blob invocation without a name"),
                invocation.DataBytes("blob") ?? throw new InvalidOperationException("Blob invocation without content"),
                cancellationToken));
        services.AddHttpFunction(Download, ClientRequirement.Of(ClientRole.Portal, ClientRole.Mairie), DownloadAsync);
        return services;
    }

    // The PDF is read first: once rendered, one storage call per request. Only when it is not
    // there does the entity tell "no such pre-application" (404) from "not rendered yet" (503).
    private static async Task<IResult> DownloadAsync(HttpContext context)
    {
        var (number, problem) = NumberRoute.Read(context);
        if (number is null)
        {
            return problem!;
        }

        var recap = context.RequestServices.GetRequiredService<RecapService>().RecapBlob(number);
        try
        {
            var download = await recap.DownloadStreamingAsync(cancellationToken: context.RequestAborted);
            if (context.Client() is { Role: ClientRole.Mairie } mairie)
            {
                // A mairie printing the recap reads personal data: audited like a lookup, before it leaves.
                await context.RequestServices.GetRequiredService<AuditLog>().WriteAsync(mairie, number, "recap", "read", context.RequestAborted);
            }

            return TypedResults.Stream(download.Value.Content, "application/pdf", RecapRenderer.FileName(number));
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            if (await context.RequestServices.GetRequiredService<PreApplicationStore>().GetAsync(number, context.RequestAborted) is null)
            {
                return ProblemResults.NotFound($"Aucune pré-demande n'a le numéro {number}.");
            }

            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ProblemResults.Problem(
                StatusCodes.Status503ServiceUnavailable,
                "recap-pending",
                "Récapitulatif en préparation",
                $"Le récapitulatif de la pré-demande {number} est en cours de production : réessayer dans {RetryAfterSeconds} secondes.");
        }
    }
}
