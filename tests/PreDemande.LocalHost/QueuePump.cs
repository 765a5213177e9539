using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace PreDemande.LocalHost;

/// <summary>
/// Feeds one queue-triggered function from its queue as the Functions host does: messages stay
/// invisible while worked on, are deleted on success, made visible again after a failure, and
/// moved to <c>&lt;queue&gt;-poison</c> once dequeued <see cref="HostSettings.MaxDequeueCount"/> times.
/// An empty queue is polled less and less often, up to <see cref="HostSettings.MaxPollingInterval"/>.
/// </summary>
public sealed partial class QueuePump(HostedFunction function, HostStorage storage, AppInvoker app, HostSettings options, ILogger logger)
{
    private readonly QueueClient _queue = storage.Queue(function.Target);
    private readonly QueueClient _poison = storage.Queue(HostStorage.Poison(function.Target));

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await _queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await _poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        var delay = options.MinPollingInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await _queue.ReceiveMessagesAsync(options.BatchSize, options.ProcessingVisibility, stoppingToken)).Value;
            }
            catch (Azure.RequestFailedException exception)
            {
                LogPollFailed(logger, exception, function.Target);
                messages = [];
            }

            if (messages.Length == 0)
            {
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxPollingInterval.Ticks));
                continue;
            }

            delay = options.MinPollingInterval;
            await Task.WhenAll(messages.Select(m => ProcessAsync(m, stoppingToken)));
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        // A message that kept crashing its worker before any answer: poison it without running it again.
        if (message.DequeueCount > options.MaxDequeueCount)
        {
            await MoveToPoisonAsync(message, stoppingToken);
            return;
        }

        var payload = HostPayloads.Queue(function.Name, message, DateTimeOffset.UtcNow);
        if (await app.InvokeAsync(function, payload, stoppingToken))
        {
            await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
        }
        else if (message.DequeueCount >= options.MaxDequeueCount)
        {
            await MoveToPoisonAsync(message, stoppingToken);
        }
        else
        {
            await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: options.RetryDelay, cancellationToken: stoppingToken);
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        // Copy first, then delete: a crash in between leaves a duplicate, never a loss.
        await _poison.SendMessageAsync(message.Body, cancellationToken: stoppingToken);
        await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
        LogPoisoned(logger, message.MessageId, function.Target, message.DequeueCount);
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Polling queue {Queue} failed; will poll again")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string queue);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "Message {MessageId} moved from {Queue} to its poison queue after {DequeueCount} dequeues")]
    private static partial void LogPoisoned(ILogger logger, string messageId, string queue, long dequeueCount);
}
