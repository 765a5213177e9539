using Microsoft.Extensions.Options;

namespace PreDemande.Functions.Storage;

public sealed class StorageOptions : Settings.ICheckedSettings
{
    public const string Section = "PreDemande:Storage";

    /// <summary>
    /// Create missing containers, tables and queues at start-up. Defaults to true with a
    /// connection string (Azurite); in Azure the Bicep templates create them.
    /// </summary>
    public bool? CreateMissing { get; set; }

    public IReadOnlyList<string> Problems() => [];
}

/// <summary>
/// Checks the app's storage at start-up and creates its containers, tables and queues when asked
/// to. Storage not reachable yet (the app started before Azurite, a network not yet up) does not
/// stop the app: it retries with a growing pause (0.5 s to 30 s), says why it waits, and answers
/// 503 meanwhile (<see cref="StorageReadinessGate"/>).
/// </summary>
public sealed partial class StorageInitializer(
    StorageClients storage,
    IOptions<StorageOptions> options,
    StorageReadiness readiness,
    TimeProvider time,
    ILogger<StorageInitializer> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);

    // One attempt's bound: the storage clients' own retries against a port that refuses would otherwise hold the start.
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stopping = new();
    private Task? _retrying;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!(options.Value.CreateMissing ?? storage.UsesConnectionString))
        {
            readiness.MarkReady();
            return;
        }

        // The first attempt is part of the start (ready before the first request when storage is
        // up); the next ones run in the background.
        if (!await TryOnceAsync(attempt: 1, cancellationToken))
        {
            _retrying = RetryAsync(_stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_retrying is not null)
        {
            await _retrying.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    // Cancelled, not disposed (as BackgroundService does): a host may call StopAsync again after
    // disposing its services (a test server's DisposeAsync, then Dispose).
    public void Dispose() => _stopping.Cancel();

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        var pause = FirstPause;
        for (var attempt = 2; !cancellationToken.IsCancellationRequested; attempt++)
        {
            await Task.Delay(pause, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (cancellationToken.IsCancellationRequested || await TryOnceAsync(attempt, cancellationToken))
            {
                return;
            }

            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }

    private async Task<bool> TryOnceAsync(int attempt, CancellationToken stopping)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        bounded.CancelAfter(AttemptTimeout);
        var cancellationToken = bounded.Token;
        try
        {
            var tasks = new List<Task>();
            tasks.AddRange(StorageNames.Containers.All.Select(c => storage.Container(c).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
            tasks.AddRange(StorageNames.Tables.All.Select(t => storage.TableProvisioner.CreateIfNotExistsAsync(t, cancellationToken)));
            tasks.AddRange(StorageNames.Queues.All.Select(q => storage.Queue(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
            await Task.WhenAll(tasks);
            readiness.MarkReady();
            LogCreated(logger, tasks.Count, attempt);
            return true;
        }
        catch (Exception exception) when (!stopping.IsCancellationRequested && exception is Azure.RequestFailedException or HttpRequestException or AggregateException or IOException or TimeoutException or OperationCanceledException)
        {
            var reason = exception is OperationCanceledException ? $"no answer within {AttemptTimeout.TotalSeconds} s" : exception.GetBaseException().Message;
            readiness.MarkWaiting(reason);
            LogWaiting(logger, attempt, reason);
            return false;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Storage ready: {Count} containers, tables and queues checked (attempt {Attempt})")]
    private static partial void LogCreated(ILogger logger, int count, int attempt);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Storage not reachable yet (attempt {Attempt}): {Reason}; the app answers 503 and tries again")]
    private static partial void LogWaiting(ILogger logger, int attempt, string reason);
}
