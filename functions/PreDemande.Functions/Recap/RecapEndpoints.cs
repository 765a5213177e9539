using Azure;
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
        services.AddTriggerFunction<RecapService>(Render, (recaps, invocation, cancellationToken) =>
            recaps.RenderAsync(invocation.RequiredMetadata("name"), invocation.RequiredDataBytes("blob"), cancellationToken));
        return services;
    }

    /// <summary>On <c>/api/predemandes</c>, roles Portal and Mairie.</summary>
    public static RouteGroupBuilder MapRecap(this RouteGroupBuilder predemandes)
    {
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

    // The portal's call reads the entity first (its account, an erased record); a mairie's reads
    // it beside the PDF. Only when the PDF is not there does the entity tell "no such
    // pre-application" (404) from "not rendered yet" (503).
    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        RouteNumber number,
        [Microsoft.AspNetCore.Mvc.FromHeader(Name = ApplicantAccount.Header)] string? accountHeader,
        ClientIdentity client,
        RecapService recaps,
        PreApplicationStore store,
        AuditLog audit,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        if (client.Role == ClientRole.Portal)
        {
            // The portal reads the recap of its account's pre-application only (one more read).
            if (!ApplicantAccount.TryFrom(accountHeader, out var account) || await store.GetAsync(number, cancellationToken) is not { } record || !ApplicantAccount.May(account, record))
            {
                return ProblemResults.NotFound($"Aucune pré-demande n'a le numéro {number}.");
            }

            if (record.Status == PreApplicationStatus.Purged)
            {
                // Erased (withdrawn or past its retention): whatever blob a purge under way has not removed yet is not served.
                return ProblemResults.Purged(number);
            }
        }

        // A mairie's print: the entity is read beside the download, since a withdrawal erases the
        // recap just after the tombstone and a recap must not leave once its record is erased.
        var mairieRecord = client.Role == ClientRole.Mairie ? store.GetAsync(number, cancellationToken) : null;
        try
        {
            var download = await recaps.RecapBlob(number).DownloadStreamingAsync(cancellationToken: cancellationToken);
            if (mairieRecord is not null && await mairieRecord is var printed && printed is not { Status: not PreApplicationStatus.Purged })
            {
                download.Value.Dispose();
                return printed is null ? ProblemResults.NotFound($"Aucune pré-demande n'a le numéro {number}.") : ProblemResults.Purged(number);
            }

            if (client.Role == ClientRole.Mairie)
            {
                // A mairie printing the recap reads personal data: audited like a lookup, before it leaves.
                await audit.WriteAsync(client, number, "recap", "read", cancellationToken);
            }

            return TypedResults.Stream(download.Value.Content, "application/pdf", RecapRenderer.FileName(number));
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            switch (await (mairieRecord ?? store.GetAsync(number, cancellationToken)))
            {
                case null:
                    return ProblemResults.NotFound($"Aucune pré-demande n'a le numéro {number}.");
                case { Status: PreApplicationStatus.Purged }:
                    return ProblemResults.Purged(number);
            }

            response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ProblemResults.Problem(
                StatusCodes.Status503ServiceUnavailable,
                "recap-pending",
                "Récapitulatif en préparation",
                $"Le récapitulatif de la pré-demande {number} est en cours de production : réessayer dans {RetryAfterSeconds} secondes.");
        }
    }
}
