using Microsoft.Extensions.Options;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Instruction;

/// <summary>
/// Creates every CERT queue where the app creates its storage (Azurite), so that a CERT consumer
/// started before the first task finds its queue; in Azure the Bicep provisions the routed
/// queues. Not part of the start (which waits for the app's own storage only): once storage is
/// ready, one listing of the queues, then the missing ones created a few at a time. A task for a
/// queue still missing creates it. The départements are those the Bicep provisions
/// (<see cref="CertDepartements"/>): loading the commune list for them cost the start about
/// 200 ms of CPU beside its first answer.
/// </summary>
public sealed partial class InstructionQueues(StorageClients storage, StorageReadiness readiness, IOptions<StorageOptions> storageOptions, IOptions<InstructionOptions> options, ILogger<InstructionQueues> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _later;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (storageOptions.Value.CreateMissing ?? storage.UsesConnectionString)
        {
            _later = Task.Run(() => CreateOnceReadyAsync(_stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_later is not null)
        {
            await _later.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    // Cancelled, not disposed (as BackgroundService does): a host may call StopAsync again after
    // disposing its services (a test server's DisposeAsync, then Dispose).
    public void Dispose() => _stopping.Cancel();

    private async Task CreateOnceReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await readiness.Ready.WaitAsync(cancellationToken);
            var queues = options.Value.AllQueues(CertDepartements.Read());
            var existing = await StorageListing.QueuesAsync(storage, cancellationToken);
            var missing = queues.Where(queue => !existing.Contains(queue)).ToArray();
            await StorageListing.CreateAsync(
                missing.Select(queue => (Func<CancellationToken, Task>)(token => storage.Queue(queue).CreateIfNotExistsAsync(cancellationToken: token))).ToArray(),
                cancellationToken);
            LogCreated(logger, queues.Count, missing.Length);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogNotCreated(logger, exception.GetBaseException().Message);
        }
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Instruction queues ready: {Count} checked, {Created} created")]
    private static partial void LogCreated(ILogger logger, int count, int created);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Instruction queues not created: {Reason}; a task for a missing queue creates it")]
    private static partial void LogNotCreated(ILogger logger, string reason);
}
