using System.Runtime.ExceptionServices;
using Azure.Storage.Queues;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Azure.WebJobs.Extensions.Timers;
using Microsoft.Azure.WebJobs.Host.Config;
using Microsoft.Azure.WebJobs.Host.Timers;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PreDemande.LocalHost;

/// <summary>
/// Stands in for the Functions host where there is none: runs the queue, blob and timer functions
/// of the deployment's function.json files on the WebJobs SDK (the host's own trigger runtime,
/// with host.json's queue settings), declared as <see cref="FunctionTypes"/>, each invocation sent
/// to the app over HTTP by <see cref="HostFunctions"/>; <see cref="BlobEvents"/> stands in for Event
/// Grid. When a listener fails (storage unreachable) the SDK reports it unhandled and, as the
/// Functions host restarts itself, the job host is stopped and started again, the messages it held
/// released (<see cref="InFlightMessages"/>): nothing is lost, since messages and blobs stay in
/// storage until handled. Started by <c>LocalHostProgram</c> (scripts/dev.sh) or in process by the tests.
/// </summary>
public sealed partial class StandInHost : IAsyncDisposable
{
    /// <summary>The host id the SDK keys its queues, receipts and locks by.</summary>
    public const string HostId = "predemande-localhost";

    private static readonly TimeSpan RestartPause = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _runs = [];
    private readonly IReadOnlyList<HostedFunction> _functions;
    private readonly HostStorage _storage;
    private readonly HostSettings _settings;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly HostFunctions.Bridge _bridge;
    private readonly InFlightMessages _inFlight;
    private readonly ScheduleStatuses _schedules = new();
    private readonly LocalLocks _locks = new();
    private volatile Webhook? _webhook;

    private StandInHost(IReadOnlyList<HostedFunction> functions, HttpClient app, HostStorage storage, HostSettings settings, ILoggerFactory loggers, TimeProvider time)
    {
        (_functions, _storage, _settings, _loggers) = (functions, storage, settings, loggers);
        _logger = loggers.CreateLogger<StandInHost>();
        _inFlight = new InFlightMessages(_logger);
        _bridge = new HostFunctions.Bridge(functions, new AppInvoker(app, settings, loggers.CreateLogger<AppInvoker>()), time, _inFlight);
    }

    /// <summary>Starts the triggers of <paramref name="functions"/>, invoking the app through <paramref name="app"/> (whose base address is the app's).</summary>
    public static StandInHost Start(IReadOnlyList<HostedFunction> functions, HttpClient app, HostStorage storage, HostSettings settings, ILoggerFactory loggers, TimeProvider? time = null)
    {
        var host = new StandInHost(functions, app, storage, settings, loggers, time ?? TimeProvider.System);
        var type = FunctionTypes.Emit(functions);
        foreach (var function in functions)
        {
            LogWatching(host._logger, function.Name, function.Kind, function.Target);
            if (function.Kind == TriggerKind.Blob)
            {
                var events = new BlobEvents(function, storage, HostId, settings, loggers.CreateLogger<BlobEvents>());
                host._runs.Add(Task.Run(() => events.RunAsync(host.CurrentWebhook, host._stopping.Token)));
            }
        }

        host._runs.Add(Task.Run(() => host.RunAsync(type, host._stopping.Token)));
        return host;
    }

    /// <summary>Completes when the job host and the blob events have stopped (after <see cref="DisposeAsync"/>).</summary>
    public Task Completion => Task.WhenAll(_runs);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    /// <summary>The blobs extension's webhook and the run of the job host it belongs to.</summary>
    public sealed record Webhook(IAsyncConverter<HttpRequestMessage, HttpResponseMessage> Handler, int Run);

    /// <summary>The webhook of the running job host; null while it (re)starts.</summary>
    public Webhook? CurrentWebhook() => _webhook;

    private async Task RunAsync(Type functions, CancellationToken stoppingToken)
    {
        for (var run = 1; !stoppingToken.IsCancellationRequested; run++)
        {
            var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var jobHost = Build(functions, failed);
            try
            {
                await jobHost.StartAsync(stoppingToken);
                _webhook = jobHost.Services.GetServices<IExtensionConfigProvider>().OfType<IAsyncConverter<HttpRequestMessage, HttpResponseMessage>>().FirstOrDefault() is { } handler ? new Webhook(handler, run) : null;
                LogStarted(_logger, run);
                var reason = await failed.Task.WaitAsync(stoppingToken);
                LogRestarting(_logger, reason);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            catch (Exception exception)
            {
                LogRestarting(_logger, exception);
            }
            finally
            {
                _webhook = null;
                await StopAsync(jobHost);
            }

            await Task.Delay(RestartPause, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task StopAsync(IHost jobHost)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await jobHost.StopAsync(timeout.Token);
        }
        catch (Exception exception)
        {
            LogStopFailed(_logger, exception);
        }

        await _inFlight.ReleaseAsync(_storage);
    }

    private IHost Build(Type functions, TaskCompletionSource<Exception> failed) =>
        new HostBuilder()
            .ConfigureAppConfiguration(configuration => configuration.Sources.Clear())
            .ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [HostStorage.Setting] = _storage.ConnectionString,
                [HostStorage.DataSetting] = _storage.ConnectionString,
            }))
            // Azure.Core's events are the whole process's (the app's too, in the tests): not forwarded.
            .ConfigureLogging(logging => logging.ClearProviders().AddProvider(new ForwardedLogs(_loggers)).AddFilter("Azure", LogLevel.None).SetMinimumLevel(LogLevel.Warning))
            .ConfigureWebJobs(webJobs =>
            {
                webJobs.UseHostId(HostId);
                webJobs.AddAzureStorageCoreServices();
                webJobs.AddAzureStorageQueues(queues =>
                {
                    queues.BatchSize = _settings.BatchSize;
                    queues.MaxDequeueCount = _settings.MaxDequeueCount;
                    queues.VisibilityTimeout = _settings.RetryDelay;
                    queues.MaxPollingInterval = _settings.MaxPollingInterval;
                    queues.MessageEncoding = QueueMessageEncoding.Base64;
                });
                webJobs.AddAzureStorageBlobs(blobs => blobs.MaxDegreeOfParallelism = _settings.BatchSize);
                webJobs.AddTimers();
            })
            .ConfigureServices(services =>
            {
                services.Replace(ServiceDescriptor.Singleton<ITypeLocator>(new FunctionTypeLocator(functions)));
                services.Replace(ServiceDescriptor.Singleton<IJobActivator>(new HostFunctions.Activator(_bridge)));
                services.Replace(ServiceDescriptor.Singleton<ScheduleMonitor>(_schedules));
#pragma warning disable CS0618 // the SDK's lock interface, "not ready for public consumption"
                services.Replace(ServiceDescriptor.Singleton<IDistributedLockManager>(_locks));
#pragma warning restore CS0618
                services.Replace(ServiceDescriptor.Singleton<IWebJobsExceptionHandlerFactory>(new RestartOnFailure(failed)));
                var factory = services.Last(s => s.ServiceType == typeof(AzureComponentFactory));
                services.Replace(ServiceDescriptor.Singleton<AzureComponentFactory>(provider => new InFlightMessages.ComponentFactory(
                    (AzureComponentFactory)(factory.ImplementationInstance ?? factory.ImplementationFactory?.Invoke(provider) ?? ActivatorUtilities.CreateInstance(provider, factory.ImplementationType!)),
                    _inFlight)));
            })
            .Build();

    private sealed class FunctionTypeLocator(Type functions) : ITypeLocator
    {
        public IReadOnlyList<Type> GetTypes() => [functions];
    }

    /// <summary>A listener's unhandled failure ends this run of the job host (the Functions host restarts itself on one).</summary>
    private sealed class RestartOnFailure(TaskCompletionSource<Exception> failed) : IWebJobsExceptionHandlerFactory, IWebJobsExceptionHandler
    {
        public IWebJobsExceptionHandler Create(IHost jobHost) => this;

        public Task OnTimeoutExceptionAsync(ExceptionDispatchInfo exceptionInfo, TimeSpan timeoutGracePeriod) => OnUnhandledExceptionAsync(exceptionInfo);

        public Task OnUnhandledExceptionAsync(ExceptionDispatchInfo exceptionInfo)
        {
            failed.TrySetResult(exceptionInfo.SourceException);
            return Task.CompletedTask;
        }
    }

    /// <summary>The job host's logs, written through the stand-in host's own logger factory.</summary>
    private sealed class ForwardedLogs(ILoggerFactory loggers) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => loggers.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }

    /// <summary>The timers' last and next occurrences, kept across runs of the job host (the SDK's own monitor needs an older storage SDK).</summary>
    private sealed class ScheduleStatuses : ScheduleMonitor
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ScheduleStatus> _statuses = new(StringComparer.Ordinal);

        public override Task<ScheduleStatus> GetStatusAsync(string timerName) => Task.FromResult(_statuses.GetValueOrDefault(timerName)!);

        public override Task UpdateStatusAsync(string timerName, ScheduleStatus status)
        {
            _statuses[timerName] = status;
            return Task.CompletedTask;
        }
    }

    [LoggerMessage(EventId = 220, Level = LogLevel.Information, Message = "Function {Function}: {Kind} trigger on {Target}")]
    private static partial void LogWatching(ILogger logger, string function, TriggerKind kind, string target);

    [LoggerMessage(EventId = 222, Level = LogLevel.Information, Message = "Job host started (run {Run})")]
    private static partial void LogStarted(ILogger logger, int run);

    [LoggerMessage(EventId = 221, Level = LogLevel.Error, Message = "Job host failed; restarting it")]
    private static partial void LogRestarting(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 223, Level = LogLevel.Warning, Message = "Job host did not stop cleanly")]
    private static partial void LogStopFailed(ILogger logger, Exception exception);
}
