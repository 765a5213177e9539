using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using PreDemande.Core.Documents;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Reference;

/// <summary>The COMEDEC list as stored: <c>reference/comedec/communes.json</c>.</summary>
/// <param name="PublishedOn">The date of the list ANTS published (the operator gives it).</param>
/// <param name="Source">Where the operator took it from (a file name or an address), for the record.</param>
public sealed record ComedecListBlob(DateOnly PublishedOn, DateTimeOffset LoadedAt, string? Source, string[] Communes);

/// <summary>
/// The dematerialised civil-status list (COMEDEC) in the data account, read by the recap, the
/// applicant's view and the deposit. Read at most once per <see cref="RefreshEvery"/> (its
/// properties first: an unchanged blob is not downloaded again), at most <see cref="MaxBytes"/>;
/// a failed read keeps the list already read. No blob: no list (the documents keep the sentence
/// naming COMEDEC).
/// </summary>
public sealed partial class ComedecListStore(StorageClients storage, TimeProvider time, ILogger<ComedecListStore> logger) : IDisposable
{
    public const string BlobName = "comedec/communes.json";
    public const int MaxBytes = 2 * 1024 * 1024;
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(10);

    private readonly KeptRead<Snapshot> _kept = new(time, () => RefreshEvery);

    private sealed record Snapshot(ComedecCommunes? List, ETag? ETag);

    public void Dispose() => _kept.Dispose();

    private BlobClient Blob => storage.Container(StorageNames.Containers.Reference).GetBlobClient(BlobName);

    /// <summary>The list in force, or null when none is loaded.</summary>
    public async Task<ComedecCommunes?> CurrentAsync(CancellationToken cancellationToken) =>
        (await _kept.GetAsync(ReadAsync, cancellationToken)).List;

    /// <summary>Stores the list (replacing the one in force) and reads it again at the next use.</summary>
    public async Task SaveAsync(ComedecCommunes list, string? source, CancellationToken cancellationToken)
    {
        var file = new ComedecListBlob(list.PublishedOn, time.GetUtcNow(), source, list.Codes.Order(StringComparer.Ordinal).ToArray());
        var bytes = JsonSerializer.SerializeToUtf8Bytes(file, AppJsonContext.Default.ComedecListBlob);
        if (bytes.Length > MaxBytes)
        {
            throw new InvalidDataException($"The list takes {bytes.Length} bytes stored; at most {MaxBytes}.");
        }

        await Blob.UploadAsync(new BinaryData(bytes), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, cancellationToken);
        _kept.Invalidate();
    }

    private async Task<Snapshot> ReadAsync(Snapshot? previous, CancellationToken cancellationToken)
    {
        try
        {
            var properties = await Blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (properties.Value.ContentLength > MaxBytes)
            {
                throw new InvalidDataException($"{BlobName} holds {properties.Value.ContentLength} bytes; at most {MaxBytes}.");
            }

            if (previous is not null && properties.Value.ETag == previous.ETag)
            {
                return previous;
            }

            var download = await Blob.DownloadContentAsync(new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.Value.ETag } }, cancellationToken);
            var file = JsonSerializer.Deserialize(download.Value.Content.ToMemory().Span, AppJsonContext.Default.ComedecListBlob)
                ?? throw new InvalidDataException($"{BlobName} is empty.");
            var list = new ComedecCommunes(file.PublishedOn, file.Communes);
            LogRead(logger, list.Count, list.PublishedOn);
            return new Snapshot(list, download.Value.Details.ETag);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return new Snapshot(null, null);
        }
        catch (Exception exception) when (exception is RequestFailedException or JsonException or InvalidDataException or AggregateException)
        {
            // Storage unreachable or a damaged blob: keep what was read before (or no list), try again later.
            LogReadFailed(logger, exception);
            return previous ?? new Snapshot(null, null);
        }
    }

    [LoggerMessage(EventId = 1540, Level = LogLevel.Information, Message = "COMEDEC list read: {Communes} commune(s), published {PublishedOn}")]
    private static partial void LogRead(ILogger logger, int communes, DateOnly publishedOn);

    [LoggerMessage(EventId = 1541, Level = LogLevel.Warning, Message = "COMEDEC list not read; the list read before (if any) stays in force")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}
