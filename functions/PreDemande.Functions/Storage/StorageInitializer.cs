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
/// to: one listing per service, side by side, then the missing ones created a few at a time (on
/// storage that is there, three requests hold the start, not one per container, table and
/// queue). Storage not reachable yet (the app started before Azurite, a network not yet up) does not
/// stop the app: it retries with a growing pause (0.5 s to 30 s), says why it waits, and answers
/// 503 meanwhile (<see cref="StorageReadinessGate"/>), once the first attempt has ended.
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
    private readonly Lock _beginning = new();
    private readonly TaskCompletionSource _hostStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _retrying;
    private bool _begun;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _hostStarted.TrySetResult();
        Begin();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Begins the check, once: the host's start does, and the app's start may do it earlier
    /// (<see cref="StorageCheckAhead"/>), so that it runs beside the rest of the start. What is
    /// missing is created only once the host has started (its settings checked).
    /// </summary>
    public void Begin()
    {
        lock (_beginning)
        {
            if (_begun)
            {
                return;
            }

            _begun = true;
            if (!(options.Value.CreateMissing ?? storage.UsesConnectionString))
            {
                readiness.MarkReady();
                return;
            }

            // The first attempt is part of the start, run beside the rest of it (the server starts
            // listening meanwhile): a request that comes before it ends waits for it
            // (StorageReadinessGate), so none is served before storage is ready, and the host's first
            // GET / answers 200 when storage is up. The next attempts run in the background.
            _retrying = Task.Run(() => CheckAsync(_stopping.Token), CancellationToken.None);
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

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await TryOnceAsync(attempt: 1, cancellationToken))
            {
                return;
            }
        }
        finally
        {
            readiness.MarkFirstCheckEnded();
        }

        await RetryAsync(cancellationToken);
    }

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
            var (created, checkedCount) = await EnsureAsync(bounded, stopping);
            readiness.MarkReady();
            LogReady(logger, checkedCount, created, attempt);
            return true;
        }
        catch (Exception exception) when (!stopping.IsCancellationRequested)
        {
            var reason = exception is OperationCanceledException ? $"no answer within {AttemptTimeout.TotalSeconds} s" : exception.GetBaseException().Message;
            readiness.MarkWaiting(reason);
            LogWaiting(logger, attempt, reason);
            return false;
        }
    }

    /// <summary>
    /// One check of the app's storage: what each service holds, listed side by side (three
    /// requests), then only what is missing created, <see cref="StorageListing.MaxCreations"/> at a time,
    /// once the host has started. Returns how many were created and how many checked.
    /// </summary>
    private async Task<(int Created, int Checked)> EnsureAsync(CancellationTokenSource bounded, CancellationToken stopping)
    {
        var cancellationToken = bounded.Token;
        var containers = StorageListing.ContainersAsync(storage, cancellationToken);
        var tables = StorageListing.TablesAsync(storage, cancellationToken);
        var queues = StorageListing.QueuesAsync(storage, cancellationToken);
        await Task.WhenAll(containers, tables, queues);

        var missing = new List<Func<CancellationToken, Task>>();
        missing.AddRange(StorageNames.Containers.All.Except(containers.Result).Select(c => (Func<CancellationToken, Task>)(token => storage.Container(c).CreateIfNotExistsAsync(cancellationToken: token))));
        missing.AddRange(StorageNames.Tables.All.Except(tables.Result).Select(t => (Func<CancellationToken, Task>)(token => storage.TableProvisioner.CreateIfNotExistsAsync(t, token))));
        missing.AddRange(StorageNames.Queues.All.Except(queues.Result).Select(q => (Func<CancellationToken, Task>)(token => storage.Queue(q).CreateIfNotExistsAsync(cancellationToken: token))));
        if (missing.Count > 0)
        {
            // A check begun ahead of the host's start lists only: nothing is created before the settings are checked.
            await _hostStarted.Task.WaitAsync(stopping);
            bounded.CancelAfter(AttemptTimeout);
            await StorageListing.CreateAsync(missing, cancellationToken);
        }

        return (missing.Count, StorageNames.Containers.All.Length + StorageNames.Tables.All.Length + StorageNames.Queues.All.Length);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Storage ready: {Count} containers, tables and queues checked, {Created} created (attempt {Attempt})")]
    private static partial void LogReady(ILogger logger, int count, int created, int attempt);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Storage not reachable yet (attempt {Attempt}): {Reason}; the app answers 503 and tries again")]
    private static partial void LogWaiting(ILogger logger, int attempt, string reason);
}
