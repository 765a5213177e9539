using System.Text.Json;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Lodging;

/// <summary>Puts the dossier message of a lodged application on <c>dossiers-deposes</c>.</summary>
public sealed class DossierSender(StorageClients storage)
{
    public const string CollectionMode = "predemande";

    public static DossierMessage MessageOf(PreApplicationRecord record, LodgingState lodging)
    {
        var number = record.Number;
        return new DossierMessage(
            $"dossier-{number}",
            number,
            lodging.At,
            lodging.Mairie,
            CollectionMode,
            record.Form.Titles ?? [],
            record.Corrected is not null,
            new DossierLinks(
                $"{StorageNames.Containers.PreApplications}/{PreApplicationStore.DocumentBlobName(number)}",
                $"{StorageNames.Containers.Recaps}/{Recap.RecapService.BlobName(number)}",
                $"{StorageNames.Containers.Archive}/{number}/"),
            lodging.Expected
                .Select(d => (d.Kind, Scan: lodging.Archived[d.Kind]))
                .Select(d => new DossierDocument(d.Kind, d.Scan.Blob, d.Scan.Sha256, d.Scan.Bytes, d.Scan.ContentType))
                .ToArray())
        {
            TraceParent = Telemetry.TraceContext.Current,
        };
    }

    public async Task SendAsync(DossierMessage message, CancellationToken cancellationToken) =>
        await storage.Queue(StorageNames.Queues.DossiersDeposes).SendMessageAsync(
            new BinaryData(JsonSerializer.SerializeToUtf8Bytes(message, AppJsonContext.Default.DossierMessage)),
            cancellationToken: cancellationToken);
}
