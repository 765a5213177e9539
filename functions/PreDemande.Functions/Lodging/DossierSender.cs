using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Lodging;

/// <summary>The dossier message of a lodged application, put once on <c>dossiers-deposes</c> by the scan archive.</summary>
public static class DossierSender
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

}
