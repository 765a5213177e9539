using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using PreDemande.Core.Lifecycle;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Recap;

/// <summary>
/// Renders <c>recaps/{number}.pdf</c> from <c>predemandes/{number}.json</c> and marks the
/// pre-application <c>recapReady</c>. Idempotent: an existing PDF is never overwritten, and a
/// crash between the two steps is completed by the retry.
/// </summary>
public sealed partial class RecapService(
    StorageClients storage,
    PreApplicationStore store,
    RecapRenderer renderer,
    Reference.ComedecListStore comedec,
    LifecycleReactions lifecycle,
    TimeProvider time,
    ILogger<RecapService> logger)
{
    public static string BlobName(string number) => $"{number}.pdf";

    public BlobClient RecapBlob(string number) => storage.Container(StorageNames.Containers.Recaps).GetBlobClient(BlobName(number));

    public async Task RenderAsync(string blobName, byte[] content, CancellationToken cancellationToken)
    {
        var document = PreApplicationStore.Deserialize(Encoding.UTF8.GetString(content));
        System.Diagnostics.Activity.Current?.SetTag("predemande.number", document.Number);
        if (blobName != document.Number)
        {
            throw new InvalidDataException($"Blob predemandes/{blobName}.json holds pre-application {document.Number}.");
        }

        // Stored once: a PDF already there (an earlier run) is kept as it is, whatever its bytes.
        // A replay draws again (a few milliseconds) rather than every run paying a storage read.
        var pdf = renderer.Render(document, await comedec.CurrentAsync(cancellationToken));
        var headers = new BlobHttpHeaders { ContentType = "application/pdf", ContentDisposition = $"attachment; filename=\"{RecapRenderer.FileName(document.Number)}\"" };
        if (await RecapBlob(document.Number).UploadOnceAsync(new BinaryData(pdf), headers, metadata: null, cancellationToken) == WriteOnceOutcome.Written)
        {
            LogRendered(logger, document.Number, pdf.Length);
            Telemetry.AppMetrics.Recaps.Add(1);
        }
        else
        {
            LogAlreadyThere(logger, document.Number);
        }

        // Every run does the next steps again (a crash may have stopped the previous one): the
        // status is set once, and the reactions (the purge marker, the recap e-mail, sent once
        // by the notifier whatever the number of requests) are idempotent.
        var at = time.GetUtcNow();
        if (await MarkReadyAsync(document.Number, at, cancellationToken) == PreApplicationStatus.Purged)
        {
            // Withdrawn (or purged) while this run rendered it: the PDF written after the erasure goes too.
            await RecapBlob(document.Number).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            return;
        }

        await lifecycle.PublishAsync(new LifecycleNotice(document.Number, LifecycleEvent.RecapRendered, at, document.ExpiresAt), cancellationToken);
    }

    /// <summary>Moves a pre-application from <c>submitted</c> to <c>recapReady</c>; leaves any later status alone. Answers the status it now has.</summary>
    private async Task<PreApplicationStatus> MarkReadyAsync(string number, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var record = await store.ChangeAsync(
            number,
            known: null,
            r => Lifecycle.Allows(r.Status, LifecycleEvent.RecapRendered) ? new PreApplicationChange(Lifecycle.StatusAfter(LifecycleEvent.RecapRendered), RecapReadyAt: at) : null,
            cancellationToken);
        return record?.Status ?? throw new InvalidOperationException($"Pre-application {number} has a document but no entity.");
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Recap of {Number} rendered ({Bytes} bytes)")]
    private static partial void LogRendered(ILogger logger, string number, int bytes);

    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Recap of {Number} already stored; kept as it is")]
    private static partial void LogAlreadyThere(ILogger logger, string number);
}
