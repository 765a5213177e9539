using System.Collections.Concurrent;
using System.Xml.Linq;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Azure;

namespace PreDemande.LocalHost;

/// <summary>
/// The queue messages the job host has received and neither deleted nor handed back, read from
/// its own storage traffic (an Azure.Core policy on every client the SDK creates). The SDK's
/// queue listener keeps a message invisible for 10 minutes while it works on it and, when its job
/// host stops (a restart after a storage outage, as the Functions host restarts), leaves it so: the
/// message would wait those 10 minutes. <see cref="ReleaseAsync"/> makes them visible again after
/// each stop, as the next instance of the Functions host would find them after a crash. Tied to
/// the Queue REST shapes: receive (<c>GET …/messages</c>), update (<c>PUT …/messages/{id}</c>,
/// new pop receipt in <c>x-ms-popreceipt</c>) and delete.
/// <para>
/// A held message whose pop receipt changed unseen cannot be made visible: the stop cancelled a
/// receive whose answer storage had sent (the message dequeued again, its new receipt never read).
/// It is sent again as a copy (its text as received), so that the next job host works it now; the
/// original reappears when its invisibility ends and finds its work done, as every trigger is
/// idempotent (a blob trigger's message names a blob the work has removed or recorded).
/// </para>
/// </summary>
public sealed partial class InFlightMessages(ILogger logger) : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<(string Queue, string Id), (string PopReceipt, string Text)> _messages = new();
    private readonly ConcurrentDictionary<string, byte> _handled = new(StringComparer.Ordinal);

    public int Count => _messages.Count;

    /// <summary>The app handled the invocation of message <paramref name="messageId"/>: if the SDK has not deleted it by the stop, the stop does.</summary>
    public void Handled(string messageId) => _handled.TryAdd(messageId, 0);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Observe(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        Observe(message);
    }

    /// <summary>
    /// Deletes every message still held whose invocation the app handled (the stop cancelled the
    /// SDK's delete) and makes the others visible again; one that cannot be (storage away, already
    /// gone) reappears when its invisibility ends.
    /// </summary>
    public async Task ReleaseAsync(HostStorage storage)
    {
        foreach (var ((queue, id), (popReceipt, text)) in _messages.ToArray())
        {
            _messages.TryRemove((queue, id), out _);
            var handled = _handled.TryRemove(id, out _);
            try
            {
                if (handled)
                {
                    await storage.Queue(queue).DeleteMessageAsync(id, popReceipt);
                    LogDeleted(logger, id, queue);
                    continue;
                }

                await storage.Queue(queue).UpdateMessageAsync(id, popReceipt, visibilityTimeout: TimeSpan.Zero);
                LogReleased(logger, id, queue);
            }
            catch (RequestFailedException exception) when (exception.ErrorCode is "MessageNotFound" or "PopReceiptMismatch" && !handled)
            {
                // Its receipt changed unseen (or it is gone): a copy, worked now.
                await SendCopyAsync(storage, queue, id, text);
            }
            catch (Exception exception) when (exception is RequestFailedException or HttpRequestException)
            {
                LogNotReleased(logger, exception, id, queue);
            }
        }
    }

    private async Task SendCopyAsync(HostStorage storage, string queue, string id, string text)
    {
        try
        {
            // The text exactly as it was received: no encoding added or removed.
            var raw = new Azure.Storage.Queues.QueueClient(storage.ConnectionString, queue, new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.None });
            var copy = await raw.SendMessageAsync(text);
            LogCopied(logger, id, queue, copy.Value.MessageId);
        }
        catch (Exception exception) when (exception is RequestFailedException or HttpRequestException)
        {
            LogNotReleased(logger, exception, id, queue);
        }
    }

    private void Observe(HttpMessage message)
    {
        if (!message.HasResponse || message.Response.IsError)
        {
            return;
        }

        var request = message.Request;
        var path = request.Uri.Path;
        var at = path.IndexOf("/messages", StringComparison.Ordinal);
        if (at < 0)
        {
            return;
        }

        var queue = path[..at][(path[..at].LastIndexOf('/') + 1)..];
        var id = path[(at + "/messages".Length)..].Trim('/');
        var query = request.Uri.Query;
        if (request.Method == RequestMethod.Get && id.Length == 0 && !query.Contains("peekonly=true", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var received in XDocument.Parse(message.Response.Content.ToString()).Root?.Elements("QueueMessage") ?? [])
            {
                _messages[(queue, received.Element("MessageId")!.Value)] = (received.Element("PopReceipt")!.Value, received.Element("MessageText")?.Value ?? string.Empty);
            }
        }
        else if (request.Method == RequestMethod.Put && id.Length > 0 && message.Response.Headers.TryGetValue("x-ms-popreceipt", out var popReceipt) && _messages.TryGetValue((queue, id), out var held))
        {
            _messages[(queue, id)] = held with { PopReceipt = popReceipt! };
        }
        else if (request.Method == RequestMethod.Delete && id.Length > 0)
        {
            _messages.TryRemove((queue, id), out _);
            _handled.TryRemove(id, out _);
        }
    }

    /// <summary>The SDK's client factory, with <see cref="InFlightMessages"/> on every client's pipeline.</summary>
    public sealed class ComponentFactory(AzureComponentFactory inner, InFlightMessages policy) : AzureComponentFactory
    {
        public override TokenCredential CreateTokenCredential(IConfiguration configuration) => inner.CreateTokenCredential(configuration);

        public override object CreateClientOptions(Type optionsType, object serviceVersion, IConfiguration configuration)
        {
            var options = inner.CreateClientOptions(optionsType, serviceVersion, configuration);
            (options as ClientOptions)?.AddPolicy(policy, HttpPipelinePosition.PerCall);
            return options;
        }

        public override object CreateClient(Type clientType, IConfiguration configuration, TokenCredential credential, object clientOptions) =>
            inner.CreateClient(clientType, configuration, credential, clientOptions);
    }

    [LoggerMessage(EventId = 240, Level = LogLevel.Information, Message = "Message {MessageId} of {Queue}, held by the stopped job host, made visible again")]
    private static partial void LogReleased(ILogger logger, string messageId, string queue);

    [LoggerMessage(EventId = 242, Level = LogLevel.Information, Message = "Message {MessageId} of {Queue}, handled by the app before the job host stopped, deleted")]
    private static partial void LogDeleted(ILogger logger, string messageId, string queue);

    [LoggerMessage(EventId = 243, Level = LogLevel.Information, Message = "Message {MessageId} of {Queue}, held by the stopped job host under a receipt it never read, sent again as {CopyId}; the original reappears when its invisibility ends")]
    private static partial void LogCopied(ILogger logger, string messageId, string queue, string copyId);

    [LoggerMessage(EventId = 241, Level = LogLevel.Warning, Message = "Message {MessageId} of {Queue}, held by the stopped job host, could not be made visible again; it will be when its invisibility ends")]
    private static partial void LogNotReleased(ILogger logger, Exception exception, string messageId, string queue);
}
