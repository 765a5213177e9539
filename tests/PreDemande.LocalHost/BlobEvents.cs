using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;

namespace PreDemande.LocalHost;

/// <summary>
/// Stands in for Event Grid, which Azurite lacks: the app's blob triggers are Event Grid triggers
/// (Flex Consumption has no other), so the blobs extension runs a function only for the
/// <c>BlobCreated</c> events posted to its webhook. This lists each blob function's container every
/// <see cref="HostSettings.BlobPollingInterval"/> (or three times as long as the listing took, up to
/// <see cref="HostSettings.MaxPollingInterval"/>), and posts an event for every blob whose version
/// it has not posted yet and that the subscription's filters take (the pattern's literal prefix
/// and suffix). From the webhook on, all is the SDK's: its queue, retries and poison queue (an
/// Event Grid trigger keeps no receipts). Each version posted is recorded in
/// <c>azure-webjobs-hosts/blobevents/{hostId}/{Function}/{blob}</c> (its ETag in the metadata), as
/// Event Grid remembers what it delivered, so a restart posts only what is new; a crash between
/// the post and the record posts that version again, as Event Grid delivers at least once.
/// </summary>
public sealed partial class BlobEvents(HostedFunction function, HostStorage storage, string hostId, HostSettings settings, ILogger logger)
{
    private const int EventsPerPost = 100;
    private const string ETagKey = "etag";
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _posted = new(StringComparer.Ordinal);
    private readonly string _prefix = function.BlobPattern[..Math.Max(0, function.BlobPattern.IndexOf('{', StringComparison.Ordinal))];
    private readonly string _suffix = function.BlobPattern[(function.BlobPattern.LastIndexOf('}') + 1)..];

    /// <summary>Posts events until stopped; <paramref name="webhook"/> gives the blobs extension's webhook of the running job host (null while it restarts).</summary>
    public async Task RunAsync(Func<StandInHost.Webhook?> webhook, CancellationToken stoppingToken)
    {
        var seeded = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            var listing = TimeSpan.Zero;
            try
            {
                if (webhook() is { } current)
                {
                    seeded = seeded || await SeedAsync(stoppingToken);
                    await PostNewAsync(current, webhook, stoppingToken);
                    listing = Stopwatch.GetElapsedTime(started);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogListingFailed(logger, exception, function.Container); // storage away, or the job host restarting: listed again
            }

            // A listing grows with the container: paced so that listing takes at most a quarter of the time.
            var pause = Math.Clamp(3 * listing.Ticks, settings.BlobPollingInterval.Ticks, Math.Max(settings.BlobPollingInterval.Ticks, settings.MaxPollingInterval.Ticks));
            await Task.Delay(TimeSpan.FromTicks(pause), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private string RecordPrefix => $"blobevents/{hostId}/{function.Name}/";

    private async Task<bool> SeedAsync(CancellationToken stoppingToken)
    {
        var records = storage.Container(HostStorage.HostsContainer);
        await records.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await foreach (var record in records.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, RecordPrefix, stoppingToken))
        {
            if (record.Metadata.TryGetValue(ETagKey, out var etag))
            {
                _posted[record.Name[RecordPrefix.Length..]] = etag;
            }
        }

        return true;
    }

    private async Task PostNewAsync(StandInHost.Webhook webhook, Func<StandInHost.Webhook?> current, CancellationToken stoppingToken)
    {
        var container = storage.Container(function.Container);
        var batch = new List<(string Name, string ETag)>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, _prefix, stoppingToken))
        {
            var etag = blob.Properties.ETag?.ToString().Trim('"') ?? string.Empty;
            if (blob.Name.EndsWith(_suffix, StringComparison.Ordinal) && !(_posted.TryGetValue(blob.Name, out var posted) && posted == etag))
            {
                batch.Add((blob.Name, etag));
                if (batch.Count == EventsPerPost)
                {
                    await PostAsync(webhook, current, container.Uri, batch, stoppingToken);
                }
            }
        }

        if (batch.Count > 0)
        {
            await PostAsync(webhook, current, container.Uri, batch, stoppingToken);
        }
    }

    // An event posted to a job host that stopped meanwhile may wait for the next one's idle poll
    // (its queue listener is woken only by its own host's writes): posted again to the new one.
    private async Task PostAsync(StandInHost.Webhook webhook, Func<StandInHost.Webhook?> current, Uri container, List<(string Name, string ETag)> batch, CancellationToken stoppingToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://localhost/runtime/webhooks/blobs?functionName={FunctionTypes.TypeName}.{function.Name}")
        {
            Content = new ByteArrayContent(Events(container, batch)),
        };
        request.Headers.Add("aeg-event-type", "Notification");
        using var response = await webhook.Handler.ConvertAsync(request, stoppingToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"The blobs extension answered {(int)response.StatusCode} to {batch.Count} events of {function.Container}");
        }

        if (current()?.Run != webhook.Run)
        {
            batch.Clear();
            return;
        }

        var records = storage.Container(HostStorage.HostsContainer);
        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = stoppingToken }, async (posted, cancellationToken) =>
        {
            var metadata = new Dictionary<string, string> { [ETagKey] = posted.ETag };
            await records.GetBlobClient(RecordPrefix + posted.Name).UploadAsync(BinaryData.Empty, new BlobUploadOptions { Metadata = metadata }, cancellationToken);
            _posted[posted.Name] = posted.ETag;
        });

        LogPosted(logger, batch.Count, function.Name);
        batch.Clear();
    }

    // The Event Grid schema's BlobCreated event, with the members the extension reads.
    private static byte[] Events(Uri container, List<(string Name, string ETag)> batch)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var (name, etag) in batch)
            {
                writer.WriteStartObject();
                writer.WriteString("id", Guid.NewGuid().ToString());
                writer.WriteString("eventType", "Microsoft.Storage.BlobCreated");
                writer.WriteString("subject", $"/blobServices/default/containers/{container.Segments[^1]}/blobs/{name}");
                writer.WriteString("eventTime", DateTimeOffset.UtcNow);
                writer.WriteString("dataVersion", "");
                writer.WriteStartObject("data");
                writer.WriteString("api", "PutBlob");
                writer.WriteString("eTag", etag);
                writer.WriteString("blobType", "BlockBlob");
                writer.WriteString("url", $"{container.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(name).Replace("%2F", "/", StringComparison.Ordinal)}");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Listing container {Container} for blob events failed; will list again")]
    private static partial void LogListingFailed(ILogger logger, Exception exception, string container);

    [LoggerMessage(EventId = 211, Level = LogLevel.Debug, Message = "{Count} BlobCreated events posted to the blobs extension for {Function}")]
    private static partial void LogPosted(ILogger logger, int count, string function);
}
