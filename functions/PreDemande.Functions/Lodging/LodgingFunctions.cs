using PreDemande.Core.Forms;
using PreDemande.Functions.Audit;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Http;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Problems;
using PreDemande.Functions.Security;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Lodging;

/// <summary>
/// The lodging at the mairie: the deposit (audited) hands out upload URLs under
/// <c>scans/{number}/</c>; each uploaded scan is checked and archived by <see cref="ArchiveScan"/>.
/// </summary>
public static class LodgingFunctions
{
    public const int MaxBodyBytes = 4 * 1024;
    public static readonly FunctionDeclaration Deposit = FunctionDeclaration.Http("MairieDeposit", "POST", "dr/predemandes/{number}/deposit");
    public static readonly FunctionDeclaration ArchiveScan = FunctionDeclaration.Blob("ArchiveScan", $"{StorageNames.Containers.Scans}/{{number}}/{{file}}");

    private static readonly Dictionary<string, string> UploadHeaders = new() { ["x-ms-blob-type"] = "BlockBlob" };

    public static IServiceCollection AddLodging(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LodgingOptions>(configuration.GetSection(LodgingOptions.Section));
        services.AddSingleton<DepositService>();
        services.AddSingleton<UploadUrls>();
        services.AddSingleton<DossierSender>();
        services.AddSingleton<ScanArchiver>();
        services.AddHttpFunction(Deposit, ClientRequirement.Of(ClientRole.Mairie), DepositAsync);
        services.AddTriggerFunction(ArchiveScan, (invocation, provider, cancellationToken) =>
            provider.GetRequiredService<ScanArchiver>().ArchiveAsync(
                invocation.MetadataString("number") ?? throw new InvalidOperationException("Blob invocation without a number"),
                invocation.MetadataString("file") ?? throw new InvalidOperationException("Blob invocation without a file name"),
                invocation.DataBytes("blob") ?? throw new InvalidOperationException("Blob invocation without content"),
                invocation.MetadataString("Properties", "ETag"),
                cancellationToken));
        return services;
    }

    private static async Task<IResult> DepositAsync(HttpContext context)
    {
        var (number, problem) = NumberRoute.Read(context);
        if (number is null)
        {
            return problem!;
        }

        // A Mairie client always has its INSEE code as scope: the app does not start otherwise (ClientsValidation).
        var client = context.Client();
        IReadOnlyList<string> waived = [];
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var body = await JsonBody.ReadAsync(context, AppJsonContext.Default.DepositRequest, MaxBodyBytes);
            if (body.Problem is not null)
            {
                return body.Problem;
            }

            waived = body.Value?.Waived ?? [];
        }

        var outcome = await context.RequestServices.GetRequiredService<DepositService>().DepositAsync(client, number, waived, context.RequestAborted);
        await context.RequestServices.GetRequiredService<AuditLog>().WriteAsync(client, number, "deposit", outcome.Audit, context.RequestAborted);
        return outcome switch
        {
            DepositOutcome.Lodged lodged => TypedResults.Ok(await ResponseAsync(context, lodged)),
            DepositOutcome.Refused refused => refused.Access.Problem!,
            DepositOutcome.Invalid invalid => ProblemResults.Validation(invalid.Errors),
            _ => ProblemResults.Problem(
                StatusCodes.Status409Conflict,
                "lodging-closed",
                "Dépôt clos",
                $"Le dossier de la pré-demande {number} est déjà en instruction : plus rien n'est à déposer."),
        };
    }

    private static async Task<DepositResponse> ResponseAsync(HttpContext context, DepositOutcome.Lodged lodged)
    {
        var urls = context.RequestServices.GetRequiredService<UploadUrls>();
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var lodging = lodged.Lodging;
        var documents = new List<ExpectedDocumentView>();
        foreach (var document in lodging.Expected)
        {
            var view = new ExpectedDocumentView(document.Kind, document.Label, lodging.Archived.ContainsKey(document.Kind));
            documents.Add(lodging.Archived.TryGetValue(document.Kind, out var archived)
                ? view with { Sha256 = archived.Sha256 }
                : view with
                {
                    UploadUrl = await urls.ForAsync(ScanArchiver.ScanBlobName(lodged.Record.Number, document.Kind), now, context.RequestAborted),
                    UploadHeaders = UploadHeaders,
                    Rejected = lodging.Rejected.LastOrDefault(r => r.File == document.Kind)?.Reason,
                });
        }

        return new DepositResponse(lodged.Record.Number, PreApplicationStatus.Consumed, lodging.Mairie, lodging.At, urls.ExpiresOn(now), documents, lodging.Complete);
    }
}
