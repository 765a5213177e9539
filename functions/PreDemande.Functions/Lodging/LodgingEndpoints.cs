using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PreDemande.Core.Forms;
using PreDemande.Functions.Audit;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Mairie;
using PreDemande.Functions.Http;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Security;
using PreDemande.Functions.Storage;
using PreDemande.Core.Lifecycle;

using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Lodging;

/// <summary>
/// The lodging at the mairie: the deposit (audited) hands out upload URLs under
/// <c>scans/{number}/</c>; each uploaded scan is checked and archived by <see cref="ArchiveScan"/>.
/// </summary>
public static class LodgingEndpoints
{
    public const int MaxBodyBytes = 4 * 1024;
    public static readonly FunctionDeclaration ArchiveScan = FunctionDeclaration.Blob("ArchiveScan", $"{StorageNames.Containers.Scans}/{{number}}/{{file}}");

    private static readonly Dictionary<string, string> UploadHeaders = new() { ["x-ms-blob-type"] = "BlockBlob" };

    public static IServiceCollection AddLodging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LodgingOptions>().Bind(configuration.GetSection(LodgingOptions.Section)).Checked();
        services.AddSingleton<DepositService>();
        services.AddSingleton<ScanArchiver>();
        services.AddSingleton<ReceiptRenderer>();
        services.AddSingleton<ReceiptService>();
        services.AddTriggerFunction<ScanArchiver>(ArchiveScan, (archiver, invocation, cancellationToken) =>
            archiver.ArchiveAsync(invocation.RequiredMetadata("number"), invocation.RequiredMetadata("file"), invocation.RequiredDataBytes("blob"), cancellationToken));
        return services;
    }

    /// <summary>The deposit and its receipt, on <c>/api/dr</c>: role Mairie.</summary>
    public static RouteGroupBuilder MapLodging(this RouteGroupBuilder api)
    {
        var dr = api.MapGroup("/dr").WithTags("Mairie (DR)").RequireAuthorization(Policies.Mairie);
        dr.MapPost("/predemandes/{number}/deposit", DepositAsync)
            .AsFunction("MairieDeposit")
            .AcceptsJson<DepositRequest>(new JsonBodyLimits(MaxBodyBytes, Optional: true))
            .ProducesAccessProblems()
            .WithSummary("Dépose le dossier à cette mairie (audité) : documents attendus et URL de dépôt des scans")
            .WithDescription("La pré-demande devient consumed, une seule fois ; la même mairie qui rappelle obtient le même dépôt avec de nouvelles URL pour ce qui manque. Corps facultatif {\"waived\": [\"birthCertificate\"]} pour une commune COMEDEC.");
        dr.MapGet("/predemandes/{number}/receipt", ReceiptAsync)
            .AsFunction("MairieReceipt")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesAccessProblems()
            .WithSummary("Le récépissé de dépôt PDF, pour la mairie du dépôt (audité)")
            .WithDescription("Numéro, titres, mairie, date et heure, mode de recueil « pré-demande en ligne », pièces attendues, cadres de signature. Signé, il est numérisé comme document receipt.");
        return dr;
    }

    /// <summary>What the deposit endpoint works with, bound from the services. The clock stays a parameter of its own: inside an [AsParameters] bundle the API description takes a TimeProvider for a request body.</summary>
    internal sealed class DepositServices(DepositService deposits, BlobUrls urls, IOptions<LodgingOptions> options, StorageClients storage, AuditLog audit)
    {
        public DepositService Deposits { get; } = deposits;

        public BlobUrls Urls { get; } = urls;

        public IOptions<LodgingOptions> Options { get; } = options;

        public StorageClients Storage { get; } = storage;

        public AuditLog Audit { get; } = audit;
    }

    private static async Task<Results<Ok<DepositResponse>, ValidationProblem, ProblemHttpResult>> DepositAsync(
        RouteNumber number,
        JsonBody<DepositRequest> body,
        ClientIdentity client,
        [AsParameters] DepositServices services,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        // A Mairie client always has its INSEE code as scope: the Mairie policy requires one.
        var outcome = await services.Deposits.DepositAsync(client, number, body.Value?.Waived ?? [], cancellationToken);
        await services.Audit.WriteAsync(client, number, "deposit", outcome.Audit, cancellationToken);
        return outcome switch
        {
            DepositOutcome.Lodged lodged => TypedResults.Ok(await ResponseAsync(lodged, services.Urls, services.Storage, time.GetUtcNow() + services.Options.Value.UploadUrlLifetime, cancellationToken)),
            DepositOutcome.Refused refused => refused.Access.Problem(number),
            DepositOutcome.Invalid invalid => ProblemResults.Validation(invalid.Errors),
            _ => ProblemResults.Problem(
                StatusCodes.Status409Conflict,
                "lodging-closed",
                "Dépôt clos",
                $"Le dossier de la pré-demande {number} est déjà en instruction : plus rien n'est à déposer."),
        };
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ReceiptAsync(
        RouteNumber number,
        ClientIdentity client,
        PreApplicationStore store,
        ReceiptService receipts,
        AuditLog audit,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var access = MairieAccess.Check(await store.GetAsync(number, cancellationToken), client, time.GetUtcNow());
        var lodging = access.Record?.Lodging;
        var outcome = access.IsGranted && lodging is null ? "notLodged" : access.Outcome;
        await audit.WriteAsync(client, number, "receipt", outcome, cancellationToken);
        if (!access.IsGranted)
        {
            return access.Problem(number);
        }

        if (lodging is null)
        {
            return ProblemResults.Problem(
                StatusCodes.Status409Conflict,
                "not-lodged",
                "Pré-demande non déposée",
                $"La pré-demande {number} n'a pas été déposée : le récépissé est tiré au dépôt.");
        }

        return TypedResults.Stream(await receipts.OpenAsync(access.Record!, lodging, cancellationToken), "application/pdf", ReceiptRenderer.FileName(number));
    }

    private static async Task<DepositResponse> ResponseAsync(DepositOutcome.Lodged lodged, BlobUrls urls, StorageClients storage, DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        var lodging = lodged.Lodging;
        var documents = new List<ExpectedDocumentView>();
        foreach (var document in lodging.Expected)
        {
            var view = new ExpectedDocumentView(document.Kind, document.Label, lodging.Archived.ContainsKey(document.Kind));
            documents.Add(lodging.Archived.TryGetValue(document.Kind, out var archived)
                ? view with { Sha256 = archived.Sha256 }
                : view with
                {
                    UploadUrl = await urls.ForUploadAsync(storage.Container(StorageNames.Containers.Scans).GetBlobClient(ScanArchiver.ScanBlobName(lodged.Record.Number, document.Kind)), expiresOn, cancellationToken),
                    UploadHeaders = UploadHeaders,
                    Rejected = lodging.Rejected.LastOrDefault(r => r.File == document.Kind)?.Reason,
                });
        }

        return new DepositResponse(lodged.Record.Number, Lifecycle.StatusAfter(LifecycleEvent.Lodged), lodging.Mairie, lodging.At, expiresOn, documents, lodging.Complete);
    }
}
