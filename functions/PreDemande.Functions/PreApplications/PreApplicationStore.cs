using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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
public sealed class PreApplicationStore(StorageClients storage)
{
    public const string RowKey = "predemande";

    /// <summary>The largest JSON a property may hold (a table string property is at most 64 KiB of UTF-16).</summary>
    public const int MaxPropertyChars = 32 * 1024 - 512;

    private const int MaxChangeAttempts = 10;

    /// <summary>The entity's columns: the record's members, and the JSON of what the mairie and the préfecture added.</summary>
    public static class Columns
    {
        public const string Status = "Status";
        public const string CreatedAt = "CreatedAt";
        public const string ExpiresAt = "ExpiresAt";
        public const string Titles = "Titles";
        public const string Reason = "Reason";
        public const string FeeEur = "FeeEur";
        public const string OwnerTag = "OwnerTag";
        public const string Account = "Account";
        public const string Document = "Document";
        public const string RecapReadyAt = "RecapReadyAt";
        public const string Corrected = "Corrected";
        public const string Lodging = "Lodging";
        public const string History = "History";
        public const string Dispatches = "Dispatches";
        public const string Appointments = "Appointments";

        /// <summary>On a tombstone: when the application had been lodged (entities lodged before 2026-12 carry it too, beside <see cref="Lodging"/>).</summary>
        public const string LodgedAt = "LodgedAt";

        /// <summary>On a tombstone: when the personal data was deleted.</summary>
        public const string PurgedAt = "PurgedAt";
    }

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
        var entity = Entity(document.Number, new PreApplicationChange(PreApplicationStatus.Submitted));
        entity[Columns.CreatedAt] = document.CreatedAt;
        entity[Columns.ExpiresAt] = document.ExpiresAt;
        entity[Columns.Titles] = string.Join(',', document.Form.Titles ?? []);
        entity[Columns.Reason] = document.Form.Reason;
        entity[Columns.FeeEur] = document.Fee.AmountEur;
        entity[Columns.OwnerTag] = ownerTag;
        entity[Columns.Account] = account;
        entity[Columns.Document] = System.Text.Encoding.UTF8.GetString(json);
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
        return response.HasValue && response.Value is { } entity ? Record(entity) : null;
    }

    /// <summary>
    /// Changes a pre-application if it is still the version read (<paramref name="record"/>'s
    /// ETag): the given properties are merged, the others kept. Returns the record as it now
    /// stands (no second read), or null when it changed meanwhile.
    /// </summary>
    public async Task<PreApplicationRecord?> TryUpdateAsync(PreApplicationRecord record, PreApplicationChange change, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Table.UpdateEntityAsync(Entity(record.Number, change), record.ETag, TableUpdateMode.Merge, cancellationToken);
            return Applied(record, change) with
            {
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
    /// Replaces the whole entity by <paramref name="entity"/> (its columns: <see cref="Columns"/>) if it
    /// is still the version <paramref name="etag"/>; false when it changed or went meanwhile. For
    /// what rewrites a pre-application instead of changing it (Retention's tombstone).
    /// </summary>
    public async Task<bool> TryReplaceAsync(TableEntity entity, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Writes the canonical document blob unless it is already there (it is never overwritten).</summary>
    public async Task EnsureDocumentBlobAsync(string number, byte[] json, CancellationToken cancellationToken) =>
        await DocumentBlob(number).UploadOnceAsync(
            new BinaryData(json),
            new BlobHttpHeaders { ContentType = "application/json" },
            Telemetry.TraceContext.Current is { } trace ? new Dictionary<string, string> { [Telemetry.TraceContext.Name] = trace } : null,
            cancellationToken);

    // The mapping, both ways: what a change writes, what a read finds, and the record after a change.
    private static TableEntity Entity(string number, PreApplicationChange change)
    {
        var entity = new TableEntity(number, RowKey);
        Set(entity, Columns.Status, change.Status?.Name());
        Set(entity, Columns.RecapReadyAt, change.RecapReadyAt);
        Set(entity, Columns.Corrected, Json(change.Corrected, AppJsonContext.Default.CorrectedForm));
        Set(entity, Columns.Lodging, Json(change.Lodging, AppJsonContext.Default.LodgingState));
        Set(entity, Columns.History, Json(change.History, AppJsonContext.Default.IReadOnlyListStatusEvent));
        Set(entity, Columns.Dispatches, Json(change.Dispatches, AppJsonContext.Default.IReadOnlyDictionaryStringDispatch));
        Set(entity, Columns.Appointments, Json(change.Appointments?.ToList(), AppJsonContext.Default.ListAppointment));
        return entity;
    }

    private static PreApplicationRecord Record(TableEntity entity)
    {
        var status = entity.GetString(Columns.Status) is { } name ? Statuses.Parse(name) : PreApplicationStatus.Submitted;
        return new PreApplicationRecord(Deserialize(entity.GetString(Columns.Document)), status, entity.GetString(Columns.OwnerTag), entity.ETag)
        {
            Account = entity.GetString(Columns.Account),
            RecapReadyAt = entity.GetDateTimeOffset(Columns.RecapReadyAt),
            Corrected = Json(entity, Columns.Corrected, AppJsonContext.Default.CorrectedForm),
            Lodging = Json(entity, Columns.Lodging, AppJsonContext.Default.LodgingState),
            History = Json(entity, Columns.History, AppJsonContext.Default.IReadOnlyListStatusEvent) ?? [],
            Appointments = Json(entity, Columns.Appointments, AppJsonContext.Default.ListAppointment) ?? [],
            Dispatches = Json(entity, Columns.Dispatches, AppJsonContext.Default.DictionaryStringDispatch) ?? new Dictionary<string, Dispatch>(StringComparer.Ordinal),
            PurgedAfterLodging = status == PreApplicationStatus.Purged && entity.GetDateTimeOffset(Columns.LodgedAt) is not null,
        };
    }

    private static PreApplicationRecord Applied(PreApplicationRecord record, PreApplicationChange change) => record with
    {
        Status = change.Status ?? record.Status,
        Corrected = change.Corrected ?? record.Corrected,
        Lodging = change.Lodging ?? record.Lodging,
        RecapReadyAt = change.RecapReadyAt ?? record.RecapReadyAt,
        History = change.History ?? record.History,
        Dispatches = change.Dispatches ?? record.Dispatches,
        Appointments = change.Appointments ?? record.Appointments,
    };

    // A null value leaves the column as it is (a merge).
    private static void Set(TableEntity entity, string column, object? value)
    {
        if (value is not null)
        {
            entity[column] = value;
        }
    }

    private static string? Json<T>(T? value, JsonTypeInfo<T> type) where T : class =>
        value is null ? null : JsonSerializer.Serialize(value, type);

    private static T? Json<T>(TableEntity entity, string column, JsonTypeInfo<T> type) where T : class =>
        entity.GetString(column) is { } json ? JsonSerializer.Deserialize(json, type) : null;
}
