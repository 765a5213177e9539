using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using PreDemande.Core.Numbers;
using PreDemande.Core.Proofs;
using PreDemande.Functions.Http;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Proofs;
using PreDemande.Functions.Scheduling;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Lodging;

/// <summary>
/// Archives one scan uploaded at the mairie (<c>scans/{number}/{kind}</c>): checks it (a lodged
/// pre-application, an expected document, a size limit, PDF/JPEG/PNG by its bytes), writes it
/// once to <c>archive/{number}/{kind}</c> with its SHA-256, records it on the pre-application,
/// then removes it from <c>scans/</c>. A rejected file goes to <c>quarantine/</c> with the reason.
/// When the last expected document is archived, the dossier message is sent once
/// (<see cref="OutgoingMessages"/>, id <c>dossier-{number}</c>).
/// Every step can be replayed: a crash anywhere is completed by the trigger's retry, and a second
/// run neither copies nor sends again.
/// </summary>
public sealed partial class ScanArchiver(
    StorageClients storage,
    PreApplicationStore store,
    OutgoingMessages outgoing,
    DueDates due,
    ProofChecker proofs,
    TimeProvider time,
    IOptions<LodgingOptions> options,
    ILogger<ScanArchiver> logger)
{
    private const int MaxRejectionsKept = 20;

    public static string ScanBlobName(string number, string kind) => $"{number}/{kind}";

    public async Task ArchiveAsync(string number, string file, byte[] content, CancellationToken cancellationToken)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var record = PreApplicationNumber.TryNormalize(number, out var normalised) && normalised == number
            ? await store.GetAsync(number, cancellationToken)
            : null;
        var contentType = FileSignatures.ContentType(content);
        var reason = record switch
        {
            null => "unknown-pre-application",
            { Lodging: null } => "not-lodged",
            { Lodging: { } lodging } when lodging.Expected.All(d => d.Kind != file) => "unexpected-document",
            _ when content.Length == 0 => "empty",
            _ when content.Length > options.Value.MaxScanBytes => "too-large",
            _ when contentType is null => "type-not-allowed",
            _ => null,
        };
        if (reason is null && !await WriteArchiveAsync(record!, file, content, contentType!, cancellationToken))
        {
            reason = "already-archived";
        }

        if (reason is not null)
        {
            await QuarantineAsync(number, file, content, sha256, reason, record, cancellationToken);
        }
        else
        {
            var scan = new ArchivedScan($"{StorageNames.Containers.Archive}/{ScanBlobName(number, file)}", sha256, content.Length, contentType!, time.GetUtcNow())
            {
                Proof = await CheckProofAsync(record!, file, content, cancellationToken),
            };
            await RecordAsync(record!, file, scan, cancellationToken);
        }

        await RemoveScanAsync(number, file, content, sha256, cancellationToken);
    }

    // Never overwrites: false when another content is archived under that name.
    private async Task<bool> WriteArchiveAsync(PreApplicationRecord record, string file, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        var blob = storage.Container(StorageNames.Containers.Archive).GetBlobClient(ScanBlobName(record.Number, file));
        var metadata = new Dictionary<string, string>
        {
            ["number"] = record.Number,
            ["kind"] = file,
            ["mairie"] = record.Lodging!.Mairie,
            ["archivedat"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        };
        var outcome = await blob.UploadOnceAsync(new BinaryData(content), new BlobHttpHeaders { ContentType = contentType }, metadata, cancellationToken);
        if (outcome == WriteOnceOutcome.Written)
        {
            LogArchived(logger, record.Number, file, content.Length);
        }

        return outcome != WriteOnceOutcome.OtherContent;
    }

    // A proof of address is checked before it is recorded, and the outcome is recorded with it. A
    // replay checks again (same scan, same form: the same outcome) unless it is already recorded.
    private async Task<ProofCheck?> CheckProofAsync(PreApplicationRecord record, string file, byte[] content, CancellationToken cancellationToken) =>
        file == ProofChecker.DocumentKind && record.Lodging is { } lodging && !lodging.Archived.ContainsKey(file)
            ? await proofs.CheckAsync(record.Number, content, record.Form, FrenchClock.DateOf(lodging.At), cancellationToken)
            : null;

    // Records the scan; when the dossier is then complete, its message is sent once. Every run
    // that finds it complete asks: the first sends, the others find it sent.
    private async Task RecordAsync(PreApplicationRecord known, string file, ArchivedScan scan, CancellationToken cancellationToken)
    {
        var record = await store.ChangeAsync(known.Number, known, current =>
            current.Lodging is { } lodging && !lodging.Archived.ContainsKey(file)
                ? new PreApplicationChange(Lodging: lodging with { Archived = new Dictionary<string, ArchivedScan>(lodging.Archived, StringComparer.Ordinal) { [file] = scan } })
                : null,
            cancellationToken) ?? throw new InvalidOperationException($"Pre-application {known.Number} vanished while its scan was archived.");
        if (scan.Proof is { } proof && record.Lodging?.Archived.GetValueOrDefault(file) is { } recorded && recorded.At == scan.At && recorded.Sha256 == scan.Sha256)
        {
            proofs.Recorded(record.Number, file, proof); // this run recorded it: counted once
        }

        if (record.Lodging is not { Complete: true } complete)
        {
            return;
        }

        var message = DossierSender.MessageOf(record, complete);
        var body = new BinaryData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(message, AppJsonContext.Default.DossierMessage));
        switch (await outgoing.SendOnceAsync(record, message.Id, StorageNames.Queues.DossiersDeposes, body, cancellationToken))
        {
            case SendOutcome.Sent:
                LogDossierSent(logger, record.Number, complete.Mairie);
                break;
            case SendOutcome.AlreadySent:
                break;
            case SendOutcome.InProgress:
                // Another run still held the claim when this one stopped waiting: a retry looks again.
                throw new InvalidOperationException($"The dossier message of {record.Number} is being sent by another run; retry later.");
        }
    }

    private async Task QuarantineAsync(string number, string file, byte[] content, string sha256, string reason, PreApplicationRecord? record, CancellationToken cancellationToken)
    {
        var name = $"{number}/{file}/{sha256}";
        var metadata = new Dictionary<string, string>
        {
            ["reason"] = reason,
            ["scan"] = $"{StorageNames.Containers.Scans}/{ScanBlobName(number, file)}",
            ["receivedat"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        };

        // Named by its hash: a file already there is this same file, quarantined by an earlier run.
        await storage.Container(StorageNames.Containers.Quarantine).GetBlobClient(name)
            .UploadOnceAsync(new BinaryData(content), new BlobHttpHeaders { ContentType = "application/octet-stream" }, metadata, cancellationToken);
        await due.ScheduleAsync(DueTask.Quarantine, time.GetUtcNow() + options.Value.QuarantineRetention, name, cancellationToken);
        LogQuarantined(logger, number, file, reason);

        // The mairie sees the rejection when it asks for the deposit again.
        if (record?.Lodging is not null)
        {
            var rejection = new RejectedScan(file, reason, sha256, $"{StorageNames.Containers.Quarantine}/{name}", time.GetUtcNow());
            await store.ChangeAsync(number, record, current =>
                current.Lodging is { } lodging && !lodging.Rejected.Any(r => r.File == file && r.Sha256 == sha256)
                    ? new PreApplicationChange(Lodging: lodging with { Rejected = lodging.Rejected.Append(rejection).TakeLast(MaxRejectionsKept).ToArray() })
                    : null,
                cancellationToken);
        }
    }

    // Only the version handled is removed: a newer upload under the same name fires its own run.
    // The host's Properties.ETag cannot tell which version was handled (it arrives as {}), so
    // the scan's current properties are read: it is removed only if it still holds the content
    // handled (the service's MD5, else its SHA-256), and only in the version just read.
    private async Task RemoveScanAsync(string number, string file, byte[] content, string sha256, CancellationToken cancellationToken)
    {
        var scan = storage.Container(StorageNames.Containers.Scans).GetBlobClient(ScanBlobName(number, file));
        BlobProperties current;
        try
        {
            current = (await scan.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return; // removed by an earlier run
        }

        var conditions = new BlobRequestConditions { IfMatch = current.ETag };
        if (!await HoldsAsync(scan, current, conditions, content, sha256, cancellationToken))
        {
            LogScanReplaced(logger, number, file);
            return;
        }

        try
        {
            await scan.DeleteIfExistsAsync(conditions: conditions, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            LogScanReplaced(logger, number, file);
        }
    }

    private static async Task<bool> HoldsAsync(BlobClient scan, BlobProperties current, BlobRequestConditions conditions, byte[] content, string sha256, CancellationToken cancellationToken)
    {
        if (current.ContentLength != content.Length)
        {
            return false;
        }

        if (current.ContentHash is { Length: > 0 } md5)
        {
#pragma warning disable CA5351 // MD5 compared with the storage service's own Content-MD5: an integrity check, not a security one
            return md5.AsSpan().SequenceEqual(MD5.HashData(content));
#pragma warning restore CA5351
        }

        try
        {
            var stored = await scan.DownloadContentAsync(new BlobDownloadOptions { Conditions = conditions }, cancellationToken);
            return Convert.ToHexStringLower(SHA256.HashData(stored.Value.Content.ToMemory().Span)) == sha256;
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 810, Level = LogLevel.Information, Message = "Scan {Kind} of {Number} archived ({Bytes} bytes)")]
    private static partial void LogArchived(ILogger logger, string number, string kind, int bytes);

    [LoggerMessage(EventId = 811, Level = LogLevel.Warning, Message = "Scan {File} of {Number} quarantined: {Reason}")]
    private static partial void LogQuarantined(ILogger logger, string number, string file, string reason);

    [LoggerMessage(EventId = 812, Level = LogLevel.Information, Message = "Dossier of {Number} complete; message sent to dossiers-deposes (mairie {Mairie})")]
    private static partial void LogDossierSent(ILogger logger, string number, string mairie);

    [LoggerMessage(EventId = 813, Level = LogLevel.Information, Message = "Scan {File} of {Number} was uploaded again meanwhile; the new version is handled by its own run")]
    private static partial void LogScanReplaced(ILogger logger, string number, string file);
}
