using Microsoft.Extensions.Options;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Hosting.Local;

/// <summary>
/// Stands in for the Functions host where there is none (<c>PreDemande__LocalTriggers=true</c>, settings in <see cref="LocalTriggerOptions"/>):
/// polls the queues and blob containers of every trigger function and invokes the same code the
/// host would, through <see cref="InvocationDispatcher"/>.
/// </summary>
public sealed partial class LocalTriggerHost(
    IEnumerable<TriggerFunction> functions,
    StorageClients storage,
    InvocationDispatcher dispatcher,
    StorageWrites writes,
    IOptions<LocalTriggerOptions> options,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return; // In Azure the Functions host runs the triggers.
        }

        var logger = loggers.CreateLogger<LocalTriggerHost>();
        var runners = new List<Task>();
        foreach (var function in functions)
        {
            Func<CancellationToken, Task> runner = function.Declaration.Kind switch
            {
                TriggerKind.Queue => new QueuePump(function, storage, dispatcher, writes, options.Value, loggers.CreateLogger<QueuePump>()).RunAsync,
                TriggerKind.Blob => new BlobWatcher(function, storage, dispatcher, writes, options.Value, loggers.CreateLogger<BlobWatcher>()).RunAsync,
                TriggerKind.Timer => new TimerRunner(function, dispatcher, time, loggers.CreateLogger<TimerRunner>()).RunAsync,
                _ => _ => Task.CompletedTask,
            };
            LogWatching(logger, function.Declaration.Name, function.Declaration.Kind, function.Declaration.Target);
            runners.Add(SuperviseAsync(runner, function.Declaration.Name, logger, stoppingToken));
        }

        await Task.WhenAll(runners);
    }

    // A trigger loop that dies (storage unreachable, say) is restarted after a pause: nothing is
    // lost, since messages and blobs stay in storage until handled.
    private static async Task SuperviseAsync(Func<CancellationToken, Task> runner, string name, ILogger logger, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await runner(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogRestarting(logger, exception, name);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(EventId = 220, Level = LogLevel.Information, Message = "Local trigger for {Function}: {Kind} {Target}")]
    private static partial void LogWatching(ILogger logger, string function, TriggerKind kind, string target);

    [LoggerMessage(EventId = 221, Level = LogLevel.Error, Message = "Local trigger for {Function} failed; restarting it")]
    private static partial void LogRestarting(ILogger logger, Exception exception, string function);
}
