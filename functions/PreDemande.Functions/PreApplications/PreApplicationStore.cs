using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using PreDemande.Core.Forms;
using PreDemande.Core.Lifecycle;
using PreDemande.Core.Numbers;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.PreApplications;

/// <summary>What an update sets; null members are left as they are.</summary>
public sealed record PreApplicationChange(
    PreApplicationStatus? Status = null,
    CorrectedForm? Corrected = null,
    LodgingState? Lodging = null,
    DateTimeOffset? RecapReadyAt = null,
    IReadOnlyList<StatusEvent>? History = null,
    IReadOnlyDictionary<string, Dispatch>? Dispatches = null,
    IReadOnlyList<Appointment>? Appointments = null);

/// <summary>
/// Pre-applications in storage. Table <c>predemandes</c>: one entity per number, PartitionKey =
/// the number (a lookup is one point read; random numbers spread the load over partitions) and
/// RowKey <c>predemande</c>. What the mairie adds (the corrected form with its corrections, the
/// lodging with its scans) is kept as JSON properties of the same entity: every change is one
/// conditional update, and a lookup stays one point read.
/// Blob <c>predemandes/{number}.json</c>: the canonical document, written once.
/// </summary>
public sealed class PreApplicationStore(StorageClients storage, TimeProvider time)
{
    public const string RowKey = "predemande";

    /// <summary>The largest JSON a property may hold (a table string property is at most 64 KiB of UTF-16).</summary>
    public const int MaxPropertyChars = 32 * 1024 - 512;

    private const int MaxChangeAttempts = 10;

    private TableClient Table => storage.Table(StorageNames.Tables.PreApplications);

    public static string DocumentBlobName(string number) => $"{number}.json";

    public BlobClient DocumentBlob(string number) => storage.Container(StorageNames.Containers.PreApplications).GetBlobClient(DocumentBlobName(number));

    public static byte[] Serialize(PreApplicationDocument document) =>
        JsonSerializer.SerializeToUtf8Bytes(document, AppJsonContext.Default.PreApplicationDocument);

    public static PreApplicationDocument Deserialize(string json) =>
        JsonSerializer.Deserialize(json, AppJsonContext.Default.PreApplicationDocument)
        ?? throw new InvalidDataException("Empty pre-application document");

    /// <summary>Inserts a new pre-application (<paramref name="json"/>: its serialised document); false when the number is already taken.</summary>
    public async Task<bool> TryInsertAsync(PreApplicationDocument document, byte[] json, string? ownerTag, CancellationToken cancellationToken) =>
        await TryInsertAsync(document, json, ownerTag, account: null, cancellationToken);

    /// <summary>As above, for the applicant's account (its hash) when the portal named one.</summary>
    public async Task<bool> TryInsertAsync(PreApplicationDocument document, byte[] json, string? ownerTag, string? account, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(document.Number, RowKey)
        {
            ["Status"] = PreApplicationStatus.Submitted.Name(),
            ["CreatedAt"] = document.CreatedAt,
            ["ExpiresAt"] = document.ExpiresAt,
            ["Titles"] = string.Join(',', document.Form.Titles ?? []),
            ["Reason"] = document.Form.Reason,
            ["FeeEur"] = document.Fee.AmountEur,
            ["OwnerTag"] = ownerTag,
            ["Account"] = account,
            ["Document"] = System.Text.Encoding.UTF8.GetString(json),
        };
        try
        {
            await Table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// The pre-application with that (normalised) number, or null. A number whose check
    /// character is wrong cannot be one of ours: null without a storage read.
    /// </summary>
    public async Task<PreApplicationRecord?> GetAsync(string number, CancellationToken cancellationToken)
    {
        if (!PreApplicationNumber.HasValidCheckCharacter(number))
        {
            return null;
        }

        var response = await Table.GetEntityIfExistsAsync<TableEntity>(number, RowKey, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } entity)
        {
            return null;
        }

        return new PreApplicationRecord(
            Deserialize(entity.GetString("Document")),
            entity.GetString("Status") is { } status ? Statuses.Parse(status) : PreApplicationStatus.Submitted,
            entity.GetString("OwnerTag"),
            entity.ETag)
        {
            Account = entity.GetString("Account"),
            RecapReadyAt = entity.GetDateTimeOffset("RecapReadyAt"),
            LodgedBy = entity.GetString("LodgedBy"),
            LodgedAt = entity.GetDateTimeOffset("LodgedAt"),
            Corrected = entity.GetString("Corrected") is { } corrected ? JsonSerializer.Deserialize(corrected, AppJsonContext.Default.CorrectedForm) : null,
            Lodging = entity.GetString("Lodging") is { } lodging ? JsonSerializer.Deserialize(lodging, AppJsonContext.Default.LodgingState) : null,
            History = entity.GetString("History") is { } history ? JsonSerializer.Deserialize(history, AppJsonContext.Default.IReadOnlyListStatusEvent) ?? [] : [],
            Appointments = entity.GetString("Appointments") is { } appointments
                ? JsonSerializer.Deserialize(appointments, AppJsonContext.Default.ListAppointment) ?? []
                : [],
            Dispatches = entity.GetString("Dispatches") is { } dispatches
                ? JsonSerializer.Deserialize(dispatches, AppJsonContext.Default.DictionaryStringDispatch) ?? new Dictionary<string, Dispatch>(StringComparer.Ordinal)
                : new Dictionary<string, Dispatch>(StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Changes a pre-application if it is still the version read (<paramref name="record"/>'s
    /// ETag): the given properties are merged, the others kept. Returns the record as it now
    /// stands (no second read), or null when it changed meanwhile.
    /// </summary>
    public async Task<PreApplicationRecord?> TryUpdateAsync(PreApplicationRecord record, PreApplicationChange change, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(record.Number, RowKey);
        if (change.Status is { } status)
        {
            entity["Status"] = status.Name();
        }

        if (change.RecapReadyAt is not null)
        {
            entity["RecapReadyAt"] = change.RecapReadyAt;
        }

        if (change.Corrected is not null)
        {
            entity["Corrected"] = JsonSerializer.Serialize(change.Corrected, AppJsonContext.Default.CorrectedForm);
        }

        if (change.Lodging is not null)
        {
            entity["LodgedBy"] = change.Lodging.Mairie;
            entity["LodgedAt"] = change.Lodging.At;
            entity["Lodging"] = JsonSerializer.Serialize(change.Lodging, AppJsonContext.Default.LodgingState);
        }

        if (change.History is not null)
        {
            entity["History"] = JsonSerializer.Serialize(change.History, AppJsonContext.Default.IReadOnlyListStatusEvent);
        }

        if (change.Dispatches is not null)
        {
            entity["Dispatches"] = JsonSerializer.Serialize(change.Dispatches, AppJsonContext.Default.IReadOnlyDictionaryStringDispatch);
        }

        if (change.Appointments is not null)
        {
            entity["Appointments"] = JsonSerializer.Serialize(change.Appointments.ToList(), AppJsonContext.Default.ListAppointment);
        }

        try
        {
            var response = await Table.UpdateEntityAsync(entity, record.ETag, TableUpdateMode.Merge, cancellationToken);
            return record with
            {
                Status = change.Status ?? record.Status,
                Corrected = change.Corrected ?? record.Corrected,
                Lodging = change.Lodging ?? record.Lodging,
                LodgedBy = change.Lodging?.Mairie ?? record.LodgedBy,
                LodgedAt = change.Lodging?.At ?? record.LodgedAt,
                RecapReadyAt = change.RecapReadyAt ?? record.RecapReadyAt,
                History = change.History ?? record.History,
                Dispatches = change.Dispatches ?? record.Dispatches,
                Appointments = change.Appointments ?? record.Appointments,
                ETag = response.Headers.ETag ?? throw new InvalidOperationException("The table service answered an update without an ETag."),
            };
        }
        catch (RequestFailedException exception) when (exception.Status == 412)
        {
            return null;
        }
    }

    /// <summary>
    /// Optimistic concurrency in one place: reads the pre-application (or starts from
    /// <paramref name="known"/>), asks <paramref name="decide"/> what to change (null: nothing),
    /// writes it on condition that nothing changed since the read, and starts again otherwise.
    /// Returns the record as it stands after the change, or null when there is no such
    /// pre-application; <paramref name="decide"/> may throw to stop.
    /// </summary>
    public async Task<PreApplicationRecord?> ChangeAsync(string number, PreApplicationRecord? known, Func<PreApplicationRecord, PreApplicationChange?> decide, CancellationToken cancellationToken)
    {
        var record = known;
        for (var attempt = 0; attempt < MaxChangeAttempts; attempt++)
        {
            record ??= await GetAsync(number, cancellationToken);
            if (record is null)
            {
                return null;
            }

            if (decide(record) is not { } change)
            {
                return record;
            }

            if (await TryUpdateAsync(record, change, cancellationToken) is { } updated)
            {
                return updated;
            }

            record = null; // changed meanwhile: read again
        }

        throw new InvalidOperationException($"Pre-application {number} kept changing: gave up after {MaxChangeAttempts} attempts.");
    }

    /// <summary>
    /// Replaces the entity by its tombstone: the number, the dates and status <c>purged</c>, and a
    /// document with an empty form, so that every reader still finds a record (booking tools:
    /// <c>expired</c>) and the number is never drawn again. Nothing else of it is kept.
    /// </summary>
    public async Task ChangeToTombstoneAsync(PreApplicationRecord known, DateTimeOffset at, CancellationToken cancellationToken) =>
        await ChangeToTombstoneAsync(known, at, readAgain: true, cancellationToken);

    /// <summary>The tombstone on exactly the version read; false when it changed meanwhile (nothing written).</summary>
    public Task<bool> TryChangeToTombstoneAsync(PreApplicationRecord known, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeToTombstoneAsync(known, at, readAgain: false, cancellationToken);

    private async Task<bool> ChangeToTombstoneAsync(PreApplicationRecord known, DateTimeOffset at, bool readAgain, CancellationToken cancellationToken)
    {
        // First on the version the caller read (no second read); read again only if it changed meanwhile.
        (ETag ETag, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? LodgedAt)? current =
            known.Status == PreApplicationStatus.Purged ? null : (known.ETag, known.Document.CreatedAt, known.Document.ExpiresAt, known.LodgedAt);
        if (current is null && !readAgain)
        {
            return false;
        }
        for (var attempt = 0; attempt < MaxChangeAttempts; attempt++)
        {
            if (current is null)
            {
                var response = await Table.GetEntityIfExistsAsync<TableEntity>(known.Number, RowKey, cancellationToken: cancellationToken);
                if (!response.HasValue || response.Value is not { } entity || entity.GetString("Status") == PreApplicationStatus.Purged.Name())
                {
                    return true; // none, or purged by another run
                }

                var old = Deserialize(entity.GetString("Document"));
                current = (entity.ETag, old.CreatedAt, old.ExpiresAt, entity.GetDateTimeOffset("LodgedAt"));
            }

            var (etag, createdAt, expiresAt, lodgedAt) = current.Value;
            var tombstone = new PreApplicationDocument(known.Number, createdAt, expiresAt, new Core.Fees.Fee(0, string.Empty), new PreApplicationForm());
            var replacement = new TableEntity(known.Number, RowKey)
            {
                ["Status"] = PreApplicationStatus.Purged.Name(),
                ["CreatedAt"] = createdAt,
                ["ExpiresAt"] = expiresAt,
                ["LodgedAt"] = lodgedAt,
                ["PurgedAt"] = at,
                ["Document"] = System.Text.Encoding.UTF8.GetString(Serialize(tombstone)),
            };
            try
            {
                await Table.UpdateEntityAsync(replacement, etag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException exception) when (exception.Status is 412 or 404)
            {
                if (!readAgain)
                {
                    return false;
                }

                current = null; // changed meanwhile (or purged by a concurrent run): read again
            }
        }

        throw new InvalidOperationException($"Pre-application {known.Number} kept changing while it was purged; the purge will run again.");
    }

    /// <summary>The status a client sees: an unused pre-application past its expiry date is expired.</summary>
    public PreApplicationStatus EffectiveStatus(PreApplicationRecord record) =>
        Lifecycle.Allows(record.Status, LifecycleEvent.Expired) && time.GetUtcNow() >= record.Document.ExpiresAt
            ? Lifecycle.StatusAfter(LifecycleEvent.Expired)
            : record.Status;

    /// <summary>Moves a pre-application from <c>submitted</c> to <c>recapReady</c>; leaves any later status alone. Answers the status it now has.</summary>
    public async Task<PreApplicationStatus> MarkRecapReadyAsync(string number, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var record = await ChangeAsync(
            number,
            known: null,
            r => Lifecycle.Allows(r.Status, LifecycleEvent.RecapRendered) ? new PreApplicationChange(Lifecycle.StatusAfter(LifecycleEvent.RecapRendered), RecapReadyAt: at) : null,
            cancellationToken);
        if (record is null)
        {
            throw new InvalidOperationException($"Pre-application {number} has a document but no entity.");
        }

        return record.Status;
    }

    /// <summary>Writes the canonical document blob unless it is already there (it is never overwritten).</summary>
    public async Task EnsureDocumentBlobAsync(string number, byte[] json, CancellationToken cancellationToken) =>
        await DocumentBlob(number).UploadOnceAsync(
            new BinaryData(json),
            new BlobHttpHeaders { ContentType = "application/json" },
            Telemetry.TraceContext.Current is { } trace ? new Dictionary<string, string> { [Telemetry.TraceContext.Name] = trace } : null,
            cancellationToken);
}
