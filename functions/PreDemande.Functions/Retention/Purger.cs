using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using PreDemande.Functions.Lodging;
using PreDemande.Functions.Notifications;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Recap;
using PreDemande.Functions.Scheduling;
using PreDemande.Functions.Storage;
using PreDemande.Core.Lifecycle;

namespace PreDemande.Functions.Retention;

public enum PurgeOutcome
{
    /// <summary>Nothing of it holds personal data any more; the tombstone stays.</summary>
    Purged,

    /// <summary>Not due yet (or still in progress at the mairie or the préfecture); <see cref="PurgeResult.Later"/> says when, if known.</summary>
    NotDue,

    /// <summary>Purged but for archived scans still under their immutability policy: to try again later.</summary>
    ArchiveLocked,
}

/// <param name="Later">For <see cref="PurgeOutcome.NotDue"/>: when it falls due (null while the application is still at work).</param>
public readonly record struct PurgeResult(PurgeOutcome Outcome, DateTimeOffset? Later = null);

/// <summary>
/// Deletes the personal data of a pre-application whose retention has passed: the canonical
/// document, the recap, the récépissé, the scans (uploaded, archived, quarantined), the outbox
/// rows, the appointments booking tools declared; the entity becomes a tombstone (number, dates, status <c>purged</c>), so the number is
/// never drawn again and booking tools get <c>expired</c>. Every step can be replayed.
/// </summary>
public sealed partial class Purger(
    PreApplicationStore store,
    StorageClients storage,
    Outbox outbox,
    Booking.Appointments appointments,
    AccountLists accounts,
    DueDates due,
    TimeProvider time,
    IOptions<RetentionOptions> options,
    ILogger<Purger> logger)
{
    private readonly Tombstones _tombstones = new(store);

    /// <summary>When the record's personal data may go (<see cref="Lifecycle.PurgeDue"/>); null while the application is still at work.</summary>
    internal static DateTimeOffset? DueOn(PreApplicationRecord record, RetentionOptions options) =>
        Lifecycle.PurgeDue(
            record.Status,
            record.Document.ExpiresAt,
            endedAt: record.History.LastOrDefault(h => h.Status == record.Status)?.At,
            new PurgeDelays(options.UnusedGrace, options.LodgedRetention));

    public async Task<PurgeResult> PurgeAsync(string number, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(number, cancellationToken);
        if (record is null)
        {
            return new(PurgeOutcome.Purged);
        }

        if (DueOn(record, options.Value) is var due && (due is null || time.GetUtcNow() < due))
        {
            return new(PurgeOutcome.NotDue, due);
        }

        return await EraseAsync(record, cancellationToken);
    }

    /// <summary>
    /// The applicant's withdrawal (RGPD erasure) of a pre-application not yet lodged: first the
    /// tombstone, on the version read (a deposit meanwhile makes it fail: false, nothing erased),
    /// so that no mairie can lodge it any more; then the same erasure as the retention's. A purge
    /// is marked due today beforehand: a withdrawal cut short is finished by the next purge run.
    /// </summary>
    public async Task<bool> WithdrawAsync(PreApplicationRecord record, CancellationToken cancellationToken)
    {
        if (!Lifecycle.Withdrawable(record.Status))
        {
            return false;
        }

        var now = time.GetUtcNow();
        await due.ScheduleAsync(DueTask.Purge, now, record.Number, cancellationToken);
        if (!await _tombstones.TryChangeToAsync(record, now, cancellationToken))
        {
            return false;
        }

        LogWithdrawn(logger, record.Number, record.Status);
        await EraseAsync(record with { Status = PreApplicationStatus.Purged }, cancellationToken);
        return true;
    }

    private async Task<PurgeResult> EraseAsync(PreApplicationRecord record, CancellationToken cancellationToken)
    {
        var number = record.Number;

        // What is independent goes side by side; the tombstone once everything that needs the
        // record's data is gone, and the outbox after the tombstone (see Notifier: a notification
        // that read the record before the tombstone either added its row before this deletion,
        // or after the tombstone, and then finds it and removes its row itself).
        await Task.WhenAll(
            DeleteAsync(storage.Container(StorageNames.Containers.PreApplications).GetBlobClient(PreApplicationStore.DocumentBlobName(number)), cancellationToken),
            DeleteAsync(storage.Container(StorageNames.Containers.Recaps).GetBlobClient(RecapService.BlobName(number)), cancellationToken),
            appointments.DeleteTiesAsync(record.Appointments, cancellationToken),
            record.Account is { } account ? accounts.RemoveAsync(account, record.Document.CreatedAt, number, cancellationToken) : Task.CompletedTask);

        // The récépissé, scans, quarantined files and archive exist only once lodged: the upload
        // URLs are handed out at the deposit (a tombstone keeps that it was lodged, for a replay).
        var archiveLocked = false;
        if (record.Lodging is not null || record.PurgedAfterLodging)
        {
            var archive = DeletePrefixAsync(StorageNames.Containers.Archive, $"{number}/", cancellationToken);
            await Task.WhenAll(
                DeleteAsync(storage.Container(StorageNames.Containers.Receipts).GetBlobClient(ReceiptService.BlobName(number)), cancellationToken),
                DeletePrefixAsync(StorageNames.Containers.Scans, $"{number}/", cancellationToken),
                DeletePrefixAsync(StorageNames.Containers.Quarantine, $"{number}/", cancellationToken),
                archive);
            archiveLocked = !await archive;
        }

        if (record.Status != PreApplicationStatus.Purged)
        {
            await _tombstones.ChangeToAsync(record, time.GetUtcNow(), cancellationToken);
            LogPurged(logger, number, record.Status);
        }

        await outbox.DeleteAsync(number, cancellationToken);
        return new(archiveLocked ? PurgeOutcome.ArchiveLocked : PurgeOutcome.Purged);
    }

    /// <summary>Deletes a rejected upload (<c>quarantine/{number}/{file}/{sha256}</c>) once its retention has passed.</summary>
    public Task RemoveQuarantinedAsync(string name, CancellationToken cancellationToken) =>
        DeleteAsync(storage.Container(StorageNames.Containers.Quarantine).GetBlobClient(name), cancellationToken);

    // False when the blob is kept by an immutability policy (archive, WORM in Azure).
    private static async Task<bool> DeleteAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 403 or 409 && exception.ErrorCode is "BlobImmutableDueToPolicy" or "BlobImmutableDueToLegalHold" or "ContainerImmutableDueToPolicy")
        {
            return false;
        }
    }

    private async Task<bool> DeletePrefixAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        var client = storage.Container(container);
        var all = true;
        await foreach (var blob in client.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            all &= await DeleteAsync(client.GetBlobClient(blob.Name), cancellationToken);
        }

        return all;
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Pre-application {Number} withdrawn by its applicant (was {Status}); its tombstone stays")]
    private static partial void LogWithdrawn(ILogger logger, string number, PreApplicationStatus status);

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Pre-application {Number} purged (was {Status}); its tombstone stays")]
    private static partial void LogPurged(ILogger logger, string number, PreApplicationStatus status);
}
