using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Hosting.Local;

/// <summary>
/// Feeds one blob-triggered function: every new or changed blob of its container that matches
/// its path fires it once. A receipt per blob name records the ETag handled, so each version
/// fires at least once and, once handled, never again, across restarts too; blobs uploaded by
/// anyone (a SAS upload included) are seen. The container is listed at each interval and at
/// once when the app writes to it (<see cref="StorageWrites"/>); blobs found go to a few workers
/// while the next listing goes on, a blob in flight is not fired twice. A failed version waits
/// <see cref="LocalTriggerOptions.RetryDelay"/> before its next run, and after
/// <see cref="LocalTriggerOptions.MaxDequeueCount"/> failures a message goes to
/// <c>webjobs-blobtrigger-poison</c>, as with the host.
/// </summary>
public sealed partial class BlobWatcher(TriggerFunction function, StorageClients storage, InvocationDispatcher dispatcher, StorageWrites writes, LocalTriggerOptions options, ILogger logger)
{
    private const string Done = "done";
    private const string Failed = "failed";
    private const string Poisoned = "poisoned";
    private const int Workers = 4;

    private readonly BlobContainerClient _container = storage.Container(function.Declaration.Container);
    private readonly BlobContainerClient _receipts = storage.Container(StorageNames.Containers.Hosts);
    private readonly BlobPathPattern _pattern = new(function.Declaration.BlobPattern);
    private readonly ConcurrentDictionary<string, Receipt> _seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    private string ReceiptPrefix => $"blobreceipts/local/{function.Declaration.Name}/{function.Declaration.Container}/";

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await _container.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await _receipts.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await foreach (var receipt in _receipts.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, ReceiptPrefix, stoppingToken))
        {
            _seen[receipt.Name[ReceiptPrefix.Length..]] = Receipt.From(receipt.Metadata);
        }

        var found = Channel.CreateUnbounded<(BlobItem Blob, Dictionary<string, string> Parameters)>(new UnboundedChannelOptions { SingleWriter = true });
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(() => WorkAsync(found.Reader, stoppingToken), stoppingToken)).ToArray();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var written = writes.NextWriteAsync(_container.Name);
                try
                {
                    await ScanAsync(found.Writer, stoppingToken);
                }
                catch (RequestFailedException exception)
                {
                    LogScanFailed(logger, exception, function.Declaration.Container);
                }

                await Task.WhenAny(Task.Delay(options.BlobPollingInterval, stoppingToken), written);
                stoppingToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            found.Writer.TryComplete();
            await Task.WhenAll(workers).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task WorkAsync(ChannelReader<(BlobItem Blob, Dictionary<string, string> Parameters)> found, CancellationToken stoppingToken)
    {
        await foreach (var (blob, parameters) in found.ReadAllAsync(stoppingToken))
        {
            try
            {
                await FireAsync(blob, parameters, stoppingToken);
            }
            catch (RequestFailedException exception)
            {
                LogScanFailed(logger, exception, function.Declaration.Container); // listed again at the next scan
            }
            finally
            {
                _inFlight.TryRemove(blob.Name, out _);
            }
        }
    }

    private async Task ScanAsync(ChannelWriter<(BlobItem Blob, Dictionary<string, string> Parameters)> found, CancellationToken stoppingToken)
    {
        var now = DateTimeOffset.UtcNow; // the trigger's own pace in wall-clock time, as the host's, whatever clock the app is given
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, _pattern.Prefix, stoppingToken))
        {
            var etag = blob.Properties.ETag?.ToString() ?? string.Empty;
            if (_seen.TryGetValue(blob.Name, out var receipt) && receipt.ETag == etag
                && (receipt.Status is Done or Poisoned || (receipt.Status == Failed && now < receipt.RetryAt)))
            {
                continue;
            }

            if (_pattern.TryMatch(blob.Name, out var parameters) && _inFlight.TryAdd(blob.Name, 0))
            {
                await found.WriteAsync((blob, parameters), stoppingToken);
            }
        }
    }

    private async Task FireAsync(BlobItem item, Dictionary<string, string> parameters, CancellationToken stoppingToken)
    {
        var blob = _container.GetBlobClient(item.Name);
        var etag = item.Properties.ETag!.Value;
        BlobProperties properties;
        BlobDownloadResult content;
        try
        {
            // The host reads the blob's properties and content; both of the version listed.
            properties = (await blob.GetPropertiesAsync(new BlobRequestConditions { IfMatch = etag }, stoppingToken)).Value;
            content = (await blob.DownloadContentAsync(new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = etag } }, stoppingToken)).Value;
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            return; // deleted or changed since the listing: the next scan sees the new state
        }

        var payload = HostPayloads.Blob(function.Declaration.Name, content.Content.ToMemory().Span, parameters, blob.Uri, properties);
        var result = await dispatcher.InvokeAsync(function, Invocation.Parse(payload), Guid.NewGuid().ToString(), stoppingToken);
        var previous = _seen.TryGetValue(item.Name, out var seen) && seen.ETag == etag.ToString() ? seen.Failures : 0;
        var receipt = result.Succeeded
            ? new Receipt(etag.ToString(), Done, previous)
            : new Receipt(etag.ToString(), previous + 1 >= options.MaxDequeueCount ? Poisoned : Failed, previous + 1) { RetryAt = DateTimeOffset.UtcNow + options.RetryDelay };
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
            writer.WriteString("FunctionId", $"Host.Functions.{function.Declaration.Name}");
            writer.WriteString("BlobType", "BlockBlob");
            writer.WriteString("ContainerName", function.Declaration.Container);
            writer.WriteString("BlobName", blobName);
            writer.WriteString("ETag", etag.ToString());
            writer.WriteEndObject();
        }

        var poison = storage.Queue(StorageNames.Queues.BlobTriggerPoison);
        await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await poison.SendMessageAsync(new BinaryData(buffer.ToArray()), cancellationToken: stoppingToken);
        LogPoisoned(logger, function.Declaration.Name, blobName, options.MaxDequeueCount);
    }

    private sealed record Receipt(string ETag, string Status, int Failures)
    {
        /// <summary>A failed version runs again from then on (in this process; after a restart, at once).</summary>
        public DateTimeOffset RetryAt { get; init; }

        public static Receipt From(IDictionary<string, string> metadata) => new(
            metadata.TryGetValue("etag", out var etag) ? etag : string.Empty,
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
