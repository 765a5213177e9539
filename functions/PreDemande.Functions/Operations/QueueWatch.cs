using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Storage;
using PreDemande.Functions.Telemetry;

namespace PreDemande.Functions.Operations;

/// <summary>
/// Every five minutes, how many messages wait in each queue a trigger reads (the gauge
/// <c>predemande.queue.messages</c>: the backlog; on <c>due-work</c>, the purge and reminder
/// shards still to do) and in each poison queue (<c>{queue}-poison</c> and
/// <c>webjobs-blobtrigger-poison</c>: the gauge <c>predemande.poison.messages</c>), by queue, which
/// the alerts and the dashboard read; a warning while a poison queue is not empty. Nine storage
/// reads a run, whatever the volume.
/// </summary>
public sealed partial class QueueWatch
{
    public static readonly FunctionDeclaration Function = FunctionDeclaration.Timer("WatchQueues", "0 */5 * * * *");

    private readonly ConcurrentDictionary<string, long> _poison = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _backlog = new(StringComparer.Ordinal);
    private readonly StorageClients storage;
    private readonly ILogger<QueueWatch> logger;

    public QueueWatch(StorageClients storage, IMeterFactory meters, ILogger<QueueWatch> logger)
    {
        this.storage = storage;
        this.logger = logger;
        AppMetrics.ObserveQueues(meters, () => ByQueue(_backlog), () => ByQueue(_poison));
    }

    public static IReadOnlyList<string> PoisonQueues { get; } =
        [.. StorageNames.Queues.Triggered.Select(StorageNames.Queues.Poison), StorageNames.Queues.BlobTriggerPoison];

    public async Task WatchAsync(CancellationToken cancellationToken)
    {
        var counted = await Task.WhenAll(StorageNames.Queues.Triggered.Concat(PoisonQueues).Select(async queue =>
            (Queue: queue, Count: (long)(await storage.Queue(queue).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount)));
        foreach (var (queue, count) in counted)
        {
            if (!PoisonQueues.Contains(queue))
            {
                _backlog[queue] = count;
                continue;
            }

            _poison[queue] = count;
            if (count > 0)
            {
                LogPoisoned(logger, queue, count);
            }
        }
    }

    private static IEnumerable<Measurement<long>> ByQueue(ConcurrentDictionary<string, long> counts) =>
        counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("queue", c.Key)));

    [LoggerMessage(EventId = 1210, Level = LogLevel.Warning, Message = "{Count} message(s) wait in {Queue}: find the cause (docs/operations.md), then replay them")]
    private static partial void LogPoisoned(ILogger logger, string queue, long count);
}

public static class OperationsRegistration
{
    public static IServiceCollection AddOperations(this IServiceCollection services) =>
        services
            .AddSingleton<PoisonReplay>()
            .AddSingleton<QueueWatch>()
            .AddTriggerFunction<QueueWatch>(QueueWatch.Function, (watch, _, cancellationToken) => watch.WatchAsync(cancellationToken));
}
