using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace PreDemande.Functions.Hosting.Local;

/// <summary>
/// What the app itself writes to storage, told to the local trigger mode as it happens: a blob
/// stored in a container or a message put on a queue wakes the watcher of that container or
/// queue at once instead of at its next poll (the Functions host does the same for writes of its
/// own functions; in Azure, Event Grid pushes blob events). A pipeline policy of the app's
/// storage clients, added only in local trigger mode. Writes by others (a SAS upload from the DR)
/// are still found by polling.
/// </summary>
public sealed class StorageWrites : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _next = new(StringComparer.Ordinal);

    /// <summary>Completes at the next write to <paramref name="target"/> (container or queue name). Take it before looking, so a write during the look is not missed.</summary>
    public Task NextWriteAsync(string target) =>
        _next.GetOrAdd(target, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

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
        // (/container/blob, /queue/messages): the first two segments cover both.
        var segments = message.Request.Uri.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (message.Request.Method == RequestMethod.Put && segments.Length >= 2)
        {
            Wake(segments[0]);
            Wake(segments[1]);
        }
        else if (message.Request.Method == RequestMethod.Post && segments.Length >= 2 && segments[^1] == "messages")
        {
            Wake(segments[^2]);
        }
    }

    private void Wake(string target)
    {
        if (_next.TryRemove(target, out var waiting))
        {
            waiting.TrySetResult();
        }
    }
}
