using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http.HttpResults;
using PreDemande.Functions.Audit;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Http;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Security;
using PreDemande.Functions.Storage;
using PreDemande.Core.Lifecycle;

namespace PreDemande.Functions.Recap;

/// <summary>The recap: rendered when a pre-application document lands, served to the portal (and to the mairie, which may print it).</summary>
public static class RecapEndpoints
{
    public static readonly FunctionDeclaration Render = FunctionDeclaration.Blob("RenderRecap", $"{StorageNames.Containers.PreApplications}/{{name}}.json");

    public const int RetryAfterSeconds = 2;

    public static IServiceCollection AddRecap(this IServiceCollection services)
    {
        services.AddSingleton<RecapFonts>();
        services.AddSingleton<RecapRenderer>();
        services.AddSingleton<RecapService>();
        services.AddSingleton<Reference.ComedecListStore>();
        services.AddSingleton<Reference.ComedecListLoader>();
        services.AddTriggerFunction<RecapService>(Render, (recaps, invocation, cancellationToken) =>
            recaps.RenderAsync(invocation.RequiredMetadata("name"), invocation.RequiredDataBytes("blob"), cancellationToken));
        return services;
    }

    /// <summary>The recap, on <c>/api/predemandes</c>: roles Portal and Mairie.</summary>
    public static RouteGroupBuilder MapRecap(this RouteGroupBuilder api)
    {
        var predemandes = api.MapGroup("/predemandes").WithTags("Portail").RequireAuthorization(Policies.PortalOrMairie).WithApplicantAccount();
        predemandes.MapGet("/{number}/recap", DownloadAsync)
            .AsFunction("GetRecap")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Le récapitulatif PDF (avec QR code)")
            .WithDescription("503 avec Retry-After tant qu'il n'est pas produit. Une mairie qui le télécharge est auditée.");
        return predemandes;
    }

    // The PDF and the entity are read side by side, for every role: the entity says whose the
    // pre-application is (the portal's account), whether it is erased (a withdrawal tombstones
    // it, then erases the recap: nothing leaves in between), and, without a PDF, tells "no such
    // pre-application" (404) from "not rendered yet" (503).
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        RouteNumber number,
        [Microsoft.AspNetCore.Mvc.FromHeader(Name = ApplicantAccount.Header)] ApplicantAccount? account,
        ClientIdentity client,
        RecapService recaps,
        PreApplicationStore store,
        AuditLog audit,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var reading = store.GetAsync(number, cancellationToken);
        Response<BlobDownloadStreamingResult>? download = null;
        try
        {
            download = await recaps.RecapBlob(number).DownloadStreamingAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
        }

        var record = await reading;
        var visible = record is not null && (client.Role != ClientRole.Portal || ApplicantAccount.May(account, record));
        if (!visible || record!.Status == PreApplicationStatus.Purged)
        {
            download?.Value.Dispose();
            return visible ? ProblemResults.Purged(number) : ProblemResults.UnknownNumber(number);
        }

        if (download is not null)
        {
            if (client.Role == ClientRole.Mairie)
            {
                // A mairie printing the recap reads personal data: audited like a lookup, before it leaves.
                await audit.WriteAsync(client, number, "recap", "read", cancellationToken);
            }

            return TypedResults.Stream(download.Value.Content, "application/pdf", RecapRenderer.FileName(number));
        }

        response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ProblemResults.Problem(
            StatusCodes.Status503ServiceUnavailable,
            "recap-pending",
            "Récapitulatif en préparation",
            $"Le récapitulatif de la pré-demande {number} est en cours de production : réessayer dans {RetryAfterSeconds} secondes.");
    }
}
