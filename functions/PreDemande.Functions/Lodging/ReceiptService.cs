using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Lodging;

/// <summary>
/// The récépissé of a lodged application, <c>receipts/{number}.pdf</c>: drawn at the deposit and
/// written once. Drawn again from the lodging when it is asked for and missing (a deposit that
/// crashed before writing it), so it never goes missing.
/// </summary>
public sealed partial class ReceiptService(StorageClients storage, ReceiptRenderer renderer, ILogger<ReceiptService> logger)
{
    public static string BlobName(string number) => $"{number}.pdf";

    public BlobClient Blob(string number) => storage.Container(StorageNames.Containers.Receipts).GetBlobClient(BlobName(number));

    public async Task EnsureAsync(PreApplicationRecord record, LodgingState lodging, CancellationToken cancellationToken)
    {
        var blob = Blob(record.Number);
        if ((await blob.ExistsAsync(cancellationToken)).Value)
        {
            return;
        }

        var pdf = renderer.Render(record, lodging);
        var headers = new BlobHttpHeaders { ContentType = "application/pdf", ContentDisposition = $"attachment; filename=\"{ReceiptRenderer.FileName(record.Number)}\"" };
        if (await blob.UploadOnceAsync(new BinaryData(pdf), headers, metadata: null, cancellationToken) == WriteOnceOutcome.Written)
        {
            LogDrawn(logger, record.Number, pdf.Length);
        }
    }

    /// <summary>The récépissé's content, drawn first if it is missing.</summary>
    public async Task<Stream> OpenAsync(PreApplicationRecord record, LodgingState lodging, CancellationToken cancellationToken)
    {
        try
        {
            return (await Blob(record.Number).DownloadStreamingAsync(cancellationToken: cancellationToken)).Value.Content;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            await EnsureAsync(record, lodging, cancellationToken);
            return (await Blob(record.Number).DownloadStreamingAsync(cancellationToken: cancellationToken)).Value.Content;
        }
    }

    [LoggerMessage(EventId = 820, Level = LogLevel.Information, Message = "Récépissé of {Number} drawn ({Bytes} bytes)")]
    private static partial void LogDrawn(ILogger logger, string number, int bytes);
}
