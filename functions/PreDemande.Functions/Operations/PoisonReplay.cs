using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Operations;

/// <summary>What a replay did: messages moved back (or, dry, that would be), and what is left.</summary>
public sealed record ReplayResult(string Queue, int Moved, int LeftInPoison, bool DryRun);

/// <summary>
/// Moves the messages of <c>{queue}-poison</c> back to <c>{queue}</c> once their cause is fixed:
/// each is sent to the queue, then deleted from the poison queue (a crash between the two leaves
/// a copy in both, which the idempotent triggers absorb). Logs message ids and dequeue counts,
/// never a body. At most <c>max</c> messages per run.
/// </summary>
public sealed partial class PoisonReplay(StorageClients storage, ILogger<PoisonReplay> logger)
{
    public const int DefaultMax = 1000;
    private const int Batch = 32;

    /// <summary>The queues whose poison can be replayed: those the app's triggers read.</summary>
    public static IReadOnlyList<string> Replayable => StorageNames.Queues.Triggered;

    public async Task<ReplayResult> ReplayAsync(string queue, bool dryRun, int max, CancellationToken cancellationToken)
    {
        var target = queue.EndsWith("-poison", StringComparison.Ordinal) ? queue[..^"-poison".Length] : queue;
        if (!Replayable.Contains(target, StringComparer.Ordinal))
        {
            throw new ArgumentException($"{queue}: not a queue read by a trigger ({string.Join(", ", Replayable)}). Blob-trigger failures (webjobs-blobtrigger-poison) are replayed by writing the blob again: see docs/operations.md.", nameof(queue));
        }

        // The same encoding both ways (base64, as the host writes): the message goes back byte for byte.
        var poison = storage.Queue(StorageNames.Queues.Poison(target));
        var destination = storage.Queue(target);
        if (dryRun)
        {
            var waiting = (await poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            LogDryRun(logger, target, waiting);
            return new ReplayResult(target, Math.Min(waiting, max), waiting, DryRun: true);
        }

        var moved = 0;
        while (moved < max)
        {
            QueueMessage[] messages = (await poison.ReceiveMessagesAsync(Math.Min(Batch, max - moved), TimeSpan.FromMinutes(5), cancellationToken)).Value;
            if (messages.Length == 0)
            {
                break;
            }

            foreach (var message in messages)
            {
                await destination.SendMessageAsync(message.Body, visibilityTimeout: null, timeToLive: MessageQueues.NeverExpires, cancellationToken);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                LogMoved(logger, message.MessageId, target, message.DequeueCount, message.InsertedOn);
                moved++;
            }
        }

        var left = (await poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        LogReplayed(logger, moved, target, left);
        return new ReplayResult(target, moved, left, DryRun: false);
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Poison message {MessageId} moved back to {Queue} (dequeued {DequeueCount} times, first written {InsertedOn:u})")]
    private static partial void LogMoved(ILogger logger, string messageId, string queue, long dequeueCount, DateTimeOffset? insertedOn);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Replay of {Queue}-poison: {Moved} message(s) moved back, about {Left} left")]
    private static partial void LogReplayed(ILogger logger, int moved, string queue, int left);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Dry run: about {Count} message(s) in {Queue}-poison, nothing moved")]
    private static partial void LogDryRun(ILogger logger, string queue, int count);
}
