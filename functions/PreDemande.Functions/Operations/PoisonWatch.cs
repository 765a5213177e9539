using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Storage;
using PreDemande.Functions.Telemetry;

namespace PreDemande.Functions.Operations;

/// <summary>
/// Every five minutes, how many messages wait in each poison queue (the host's
/// <c>{queue}-poison</c> and <c>webjobs-blobtrigger-poison</c>): the gauge
/// <c>predemande.poison.messages</c> by queue, which the alert and the dashboard read, and a
/// warning while any is not empty. Five storage reads a run.
/// </summary>
public sealed partial class PoisonWatch
{
    public static readonly FunctionDeclaration Function = FunctionDeclaration.Timer("WatchPoisonQueues", "0 */5 * * * *");

    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly StorageClients storage;
    private readonly ILogger<PoisonWatch> logger;

    public PoisonWatch(StorageClients storage, IMeterFactory meters, ILogger<PoisonWatch> logger)
    {
        this.storage = storage;
        this.logger = logger;
        AppMetrics.ObservePoison(meters, () => _counts.Select(c => new Measurement<long>(c.Value, new KeyValuePair<string, object?>("queue", c.Key))));
    }

    public static IReadOnlyList<string> PoisonQueues { get; } =
        [.. StorageNames.Queues.Triggered.Select(StorageNames.Queues.Poison), StorageNames.Queues.BlobTriggerPoison];

    public async Task WatchAsync(CancellationToken cancellationToken)
    {
        var counts = await Task.WhenAll(PoisonQueues.Select(async queue =>
            (Queue: queue, Count: (long)(await storage.Queue(queue).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount)));
        foreach (var (queue, count) in counts)
        {
            _counts[queue] = count;
            if (count > 0)
            {
                LogPoisoned(logger, queue, count);
            }
        }
    }

    [LoggerMessage(EventId = 1210, Level = LogLevel.Warning, Message = "{Count} message(s) wait in {Queue}: find the cause (docs/operations.md), then replay them")]
    private static partial void LogPoisoned(ILogger logger, string queue, long count);
}

public static class OperationsRegistration
{
    public static IServiceCollection AddOperations(this IServiceCollection services) =>
        services
            .AddSingleton<PoisonReplay>()
            .AddSingleton<PoisonWatch>()
            .AddTriggerFunction<PoisonWatch>(PoisonWatch.Function, (watch, _, cancellationToken) => watch.WatchAsync(cancellationToken));
}
