using System.Diagnostics;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace PreDemande.LocalHost;

/// <summary>
/// Feeds one blob-triggered function: every new or changed blob of its container that matches
/// its path fires it once. A receipt per blob name records the ETag handled, so each version
/// fires at least once and, once handled, never again, across restarts too; blobs uploaded by
/// anyone (the app, a SAS upload) are seen. The container is listed every
/// <see cref="HostSettings.BlobPollingInterval"/>, or three times as long as its last listing took
/// up to <see cref="HostSettings.MaxPollingInterval"/> (in Azure, Event Grid tells the host); blobs
/// found go to <see cref="HostSettings.BatchSize"/> workers (the host runs blob triggers with its
/// queue settings) while the next listing goes on, and a blob in flight is not fired twice. A
/// failed version waits <see cref="HostSettings.RetryDelay"/> before its next run, and after
/// <see cref="HostSettings.MaxDequeueCount"/> failures a message goes to
/// <c>webjobs-blobtrigger-poison</c>, as with the host.
/// </summary>
public sealed partial class BlobWatcher(HostedFunction function, HostStorage storage, AppInvoker app, HostSettings options, ILogger logger)
{
    private const string Done = "done";
    private const string Failed = "failed";
    private const string Poisoned = "poisoned";

    private readonly BlobContainerClient _container = storage.Container(function.Container);
    private readonly BlobContainerClient _receipts = storage.Container(HostStorage.HostsContainer);
    private readonly BlobPathPattern _pattern = new(function.BlobPattern);
    private readonly ConcurrentDictionary<string, Receipt> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    private string ReceiptPrefix => $"blobreceipts/local/{function.Name}/{function.Container}/";

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await _receipts.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await foreach (var receipt in _receipts.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, ReceiptPrefix, stoppingToken))
        {
            _seen[receipt.Name[ReceiptPrefix.Length..]] = Receipt.From(receipt.Metadata);
        }

        // The workers stop with this run: a listing that throws ends the run, which the
        // stand-in host starts again.
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var found = Channel.CreateUnbounded<Found>();
        var workers = Enumerable.Range(0, options.BatchSize).Select(_ => Task.Run(() => WorkAsync(found.Reader, run.Token), run.Token)).ToList();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                var listing = TimeSpan.Zero;
                try
                {
                    await ScanAsync(found.Writer, stoppingToken);
                    listing = Stopwatch.GetElapsedTime(started);
                }
                catch (RequestFailedException exception)
                {
                    LogScanFailed(logger, exception, function.Container);
                }

                // A listing grows with the container: paced so that listing takes at most a
                // quarter of the time, up to MaxPollingInterval, whatever the container holds (in
                // Azure, Event Grid makes the scans unneeded). A failed listing (storage away)
                // is tried again at the usual interval.
                var pause = Math.Clamp(3 * listing.Ticks, options.BlobPollingInterval.Ticks, Math.Max(options.BlobPollingInterval.Ticks, options.MaxPollingInterval.Ticks));
                await Task.Delay(TimeSpan.FromTicks(pause), stoppingToken);
            }
        }
        finally
        {
            await run.CancelAsync();
            found.Writer.TryComplete();
            await Task.WhenAll(workers).ContinueWith(_ => { }, TaskScheduler.Default);
            _inFlight.Clear(); // what was found and not handled is listed again by the next run
        }
    }

    private sealed record Found(string Name, ETag ETag, Dictionary<string, string> Parameters);

    private async Task WorkAsync(ChannelReader<Found> found, CancellationToken stoppingToken)
    {
        await foreach (var blob in found.ReadAllAsync(stoppingToken))
        {
            try
            {
                await FireAsync(blob, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogScanFailed(logger, exception, function.Container); // storage unreachable: listed again at the next scan
            }
            finally
            {
                _inFlight.TryRemove(blob.Name, out _);
            }
        }
    }

    private async Task ScanAsync(ChannelWriter<Found> found, CancellationToken stoppingToken)
    {
        var now = DateTimeOffset.UtcNow; // the trigger's own pace in wall-clock time, as the host's, whatever clock the app is given
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, _pattern.Prefix, stoppingToken))
        {
            if (!Handled(blob.Name, blob.Properties.ETag, now) && _pattern.TryMatch(blob.Name, out var parameters) && _inFlight.TryAdd(blob.Name, 0))
            {
                await found.WriteAsync(new Found(blob.Name, blob.Properties.ETag!.Value, parameters), stoppingToken);
            }
        }
    }

    // Done or poisoned in this version, or failed and not yet due for its retry.
    private bool Handled(string name, ETag? etag, DateTimeOffset now) =>
        _seen.TryGetValue(name, out var receipt) && receipt.ETag == Version(etag)
        && (receipt.Status is Done or Poisoned || (receipt.Status == Failed && now < receipt.RetryAt));

    private async Task FireAsync(Found item, CancellationToken stoppingToken)
    {
        var blob = _container.GetBlobClient(item.Name);
        BlobProperties properties;
        BlobDownloadResult content;
        try
        {
            // The host reads the blob's properties and content; both of the version listed.
            properties = (await blob.GetPropertiesAsync(new BlobRequestConditions { IfMatch = item.ETag }, stoppingToken)).Value;
            content = (await blob.DownloadContentAsync(new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, stoppingToken)).Value;
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            return; // deleted or changed since the listing: the next scan sees the new state
        }

        var etag = properties.ETag;
        var version = Version(etag);
        var payload = HostPayloads.Blob(function.Name, content.Content.ToMemory().Span, item.Parameters, blob.Uri, properties);
        var succeeded = await app.InvokeAsync(function, payload, stoppingToken);
        var previous = _seen.TryGetValue(item.Name, out var seen) && seen.ETag == version ? seen.Failures : 0;
        var receipt = succeeded
            ? new Receipt(version, Done, previous)
            : new Receipt(version, previous + 1 >= options.MaxDequeueCount ? Poisoned : Failed, previous + 1) { RetryAt = DateTimeOffset.UtcNow + options.RetryDelay };
        if (receipt.Status == Poisoned)
        {
            await PoisonAsync(item.Name, etag, stoppingToken);
        }

        await _receipts.GetBlobClient(ReceiptPrefix + item.Name).UploadAsync(BinaryData.Empty, new BlobUploadOptions { Metadata = receipt.ToMetadata() }, stoppingToken);
        _seen[item.Name] = receipt;
    }

    private async Task PoisonAsync(string blobName, ETag etag, CancellationToken stoppingToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Type", "BlobTrigger");
            writer.WriteString("FunctionId", $"Host.Functions.{function.Name}");
            writer.WriteString("BlobType", "BlockBlob");
            writer.WriteString("ContainerName", function.Container);
            writer.WriteString("BlobName", blobName);
            writer.WriteString("ETag", etag.ToString());
            writer.WriteEndObject();
        }

        var poison = storage.Queue(HostStorage.BlobTriggerPoison);
        await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await poison.SendMessageAsync(new BinaryData(buffer.ToArray()), cancellationToken: stoppingToken);
        LogPoisoned(logger, function.Name, blobName, options.MaxDequeueCount);
    }

    // The listing gives an ETag bare, the properties' header quoted: receipts keep it bare.
    private static string Version(ETag? etag) => etag?.ToString().Trim('"') ?? string.Empty;

    private sealed record Receipt(string ETag, string Status, int Failures)
    {
        /// <summary>A failed version runs again from then on (in this process; after a restart, at once).</summary>
        public DateTimeOffset RetryAt { get; init; }

        public static Receipt From(IDictionary<string, string> metadata) => new(
            metadata.TryGetValue("etag", out var etag) ? etag.Trim('"') : string.Empty,
            metadata.TryGetValue("status", out var status) ? status : Done,
            metadata.TryGetValue("failures", out var failures) && int.TryParse(failures, out var count) ? count : 0);

        public Dictionary<string, string> ToMetadata() => new()
        {
            ["etag"] = ETag,
            ["status"] = Status,
            ["failures"] = Failures.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Listing container {Container} failed; will list again")]
    private static partial void LogScanFailed(ILogger logger, Exception exception, string container);

    [LoggerMessage(EventId = 211, Level = LogLevel.Error, Message = "Function {Function} failed {Attempts} times on blob {BlobName}; sent to webjobs-blobtrigger-poison")]
    private static partial void LogPoisoned(ILogger logger, string function, string blobName, int attempts);
}
