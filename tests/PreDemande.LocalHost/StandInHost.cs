namespace PreDemande.LocalHost;

/// <summary>
/// Stands in for the Functions host where there is none: for every queue, blob and timer
/// function of the deployment's function.json files it runs a <see cref="QueuePump"/>, a
/// <see cref="BlobWatcher"/> or a <see cref="TimerRunner"/>, each invoking the app over HTTP
/// through <see cref="AppInvoker"/>. A trigger loop that dies (storage unreachable, say) is
/// restarted after a pause: nothing is lost, since messages and blobs stay in storage until
/// handled. Started by <c>LocalHostProgram</c> (scripts/dev.sh) or in process by the tests.
/// </summary>
public sealed partial class StandInHost : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _runners = [];

    private StandInHost()
    {
    }

    /// <summary>Starts the triggers of <paramref name="functions"/>, invoking the app through <paramref name="app"/> (whose base address is the app's).</summary>
    public static StandInHost Start(IReadOnlyList<HostedFunction> functions, HttpClient app, HostStorage storage, HostSettings settings, ILoggerFactory loggers, TimeProvider? time = null)
    {
        var host = new StandInHost();
        var logger = loggers.CreateLogger<StandInHost>();
        var invoker = new AppInvoker(app, settings, loggers.CreateLogger<AppInvoker>());
        foreach (var function in functions)
        {
            Func<CancellationToken, Task> runner = function.Kind switch
            {
                TriggerKind.Queue => new QueuePump(function, storage, invoker, settings, loggers.CreateLogger<QueuePump>()).RunAsync,
                TriggerKind.Blob => new BlobWatcher(function, storage, invoker, settings, loggers.CreateLogger<BlobWatcher>()).RunAsync,
                TriggerKind.Timer => new TimerRunner(function, invoker, time ?? TimeProvider.System, loggers.CreateLogger<TimerRunner>()).RunAsync,
                _ => throw new ArgumentOutOfRangeException(nameof(functions), function.Kind, "not a trigger the stand-in host runs"),
            };
            LogWatching(logger, function.Name, function.Kind, function.Target);
            host._runners.Add(Task.Run(() => SuperviseAsync(runner, function.Name, logger, host._stopping.Token)));
        }

        return host;
    }

    /// <summary>Completes when every trigger loop has stopped (after <see cref="DisposeAsync"/>).</summary>
    public Task Completion => Task.WhenAll(_runners);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

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
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(EventId = 220, Level = LogLevel.Information, Message = "Function {Function}: {Kind} trigger on {Target}")]
    private static partial void LogWatching(ILogger logger, string function, TriggerKind kind, string target);

    [LoggerMessage(EventId = 221, Level = LogLevel.Error, Message = "Trigger of {Function} failed; restarting it")]
    private static partial void LogRestarting(ILogger logger, Exception exception, string function);
}
