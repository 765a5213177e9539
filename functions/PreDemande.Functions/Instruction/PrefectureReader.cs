using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using PreDemande.Core.Forms;
using PreDemande.Functions.Lodging;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Recap;
using PreDemande.Functions.Security;
using PreDemande.Functions.Storage;
using PreDemande.Core.Lifecycle;

namespace PreDemande.Functions.Instruction;

/// <summary>
/// The préfecture's read of a lodged pre-application: both forms, the corrections, the lodging,
/// every document with its SHA-256 and a read-only URL valid <see cref="InstructionOptions.ReadUrlLifetime"/>
/// (the archived scans; the recap and the récépissé the app drew), the status and its history.
/// </summary>
public sealed class PrefectureReader(PreApplicationStore store, StorageClients storage, BlobUrls urls, TimeProvider time, IOptions<InstructionOptions> options)
{
    public async Task<PrefectureAccess> ReadAsync(string number, ClientIdentity client, CancellationToken cancellationToken) =>
        PrefectureAccess.Check(await store.GetAsync(number, cancellationToken), client);

    public async Task<PrefectureView> ViewAsync(PrefectureAccess access, CancellationToken cancellationToken)
    {
        var record = access.Record!;
        var lodging = record.Lodging!;
        var now = time.GetUtcNow();
        var expires = now + options.Value.ReadUrlLifetime;
        var documents = new List<PrefectureDocument>();
        foreach (var expected in lodging.Expected)
        {
            var view = new PrefectureDocument(expected.Kind, expected.Label, "scan", lodging.Archived.ContainsKey(expected.Kind));
            if (lodging.Archived.TryGetValue(expected.Kind, out var scan))
            {
                var blob = storage.Container(StorageNames.Containers.Archive).GetBlobClient(ScanArchiver.ScanBlobName(record.Number, expected.Kind));
                view = view with { Sha256 = scan.Sha256, Bytes = scan.Bytes, ContentType = scan.ContentType, Url = await urls.ForReadAsync(blob, expires, cancellationToken), UrlExpiresAt = expires, Proof = scan.Proof };
            }

            documents.Add(view);
        }

        // The two drawn PDFs' properties are read at once (two independent point reads).
        documents.AddRange(await Task.WhenAll(
            DrawnAsync("recapPdf", "Récapitulatif de la pré-demande, tel que produit à la saisie", storage.Container(StorageNames.Containers.Recaps).GetBlobClient(RecapService.BlobName(record.Number)), expires, cancellationToken),
            DrawnAsync("receiptPdf", "Récépissé de dépôt, tel que tiré à la mairie (avant signature)", storage.Container(StorageNames.Containers.Receipts).GetBlobClient(ReceiptService.BlobName(record.Number)), expires, cancellationToken)));

        return new PrefectureView(
            record.Number,
            record.Status,
            InstructionDispatcher.CollectionMode,
            new LodgingView(MairieRef.Of(lodging), access.Departement!, lodging.At, lodging.ClientId),
            record.Document.Form,
            record.Form,
            record.Corrected?.Corrections ?? [],
            documents,
            History(record));
    }

    /// <summary>The life after the deposit: the lodging, then every event reported.</summary>
    public static IReadOnlyList<StatusHistoryItem> History(PreApplicationRecord record) =>
        [
            new StatusHistoryItem(Lifecycle.StatusAfter(LifecycleEvent.Lodged), record.Lodging!.At, record.Lodging.ClientId),
            .. record.History.Select(h => new StatusHistoryItem(h.Status, h.At, h.ClientId) { Event = h.Type, Reason = h.Reason }),
        ];

    private async Task<PrefectureDocument> DrawnAsync(string kind, string label, BlobClient blob, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return new PrefectureDocument(kind, label, "generated", Available: true)
            {
                Sha256 = properties.Metadata.TryGetValue(WriteOnce.Sha256Metadata, out var sha256) ? sha256 : null,
                Bytes = properties.ContentLength,
                ContentType = properties.ContentType,
                Url = await urls.ForReadAsync(blob, expires, cancellationToken),
                UrlExpiresAt = expires,
            };
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return new PrefectureDocument(kind, label, "generated", Available: false);
        }
    }
}
