using System.Collections.Concurrent;
using System.Threading.Channels;
using Azure.Core;
using Azure.Core.Pipeline;

namespace PreDemande.Functions.Hosting.Local;

/// <summary>
/// What the app itself writes to storage, told to the local trigger mode as it happens, as Event
/// Grid tells the Functions host in Azure: each blob stored in a watched container is handed to
/// its watcher by name, and a message put on a queue wakes that queue's pump at once instead of
/// at its next poll. A pipeline policy of the app's storage clients, added only in local trigger
/// mode. Writes by others (a SAS upload from the DR) are still found by listing.
/// </summary>
public sealed class StorageWrites : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, Channel<string>> _blobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _messages = new(StringComparer.Ordinal);

    /// <summary>The names of the blobs written to <paramref name="container"/> from now on.</summary>
    public ChannelReader<string> BlobsWrittenTo(string container) =>
        _blobs.GetOrAdd(container, _ => Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true })).Reader;

    /// <summary>Completes at the next message put on <paramref name="queue"/>. Take it before polling, so a message sent during the poll is not missed.</summary>
    public Task NextMessageAsync(string queue) =>
        _messages.GetOrAdd(queue, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Observe(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Observe(message);
    }

    private void Observe(HttpMessage message)
    {
        if (!message.HasResponse || message.Response.Status != 201)
        {
            return;
        }

        // Path style (Azurite: /account/container/blob, /account/queue/messages) or host style
        // (/container/blob, /queue/messages).
        var uri = message.Request.Uri;
        var segments = uri.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (message.Request.Method == RequestMethod.Put && !IsStagedBlock(uri.Query))
        {
            for (var i = 0; i < 2 && i + 1 < segments.Length; i++)
            {
                if (_blobs.TryGetValue(segments[i], out var written))
                {
                    written.Writer.TryWrite(string.Join('/', segments[(i + 1)..].Select(Uri.UnescapeDataString)));
                    return;
                }
            }
        }
        else if (message.Request.Method == RequestMethod.Post && segments.Length >= 2 && segments[^1] == "messages"
            && _messages.TryRemove(segments[^2], out var waiting))
        {
            waiting.TrySetResult();
        }
    }

    // A block staged for a later commit is not a blob yet (the commit, comp=blocklist, is).
    private static bool IsStagedBlock(string query) =>
        query.Contains("comp=block", StringComparison.Ordinal) && !query.Contains("comp=blocklist", StringComparison.Ordinal);
}
