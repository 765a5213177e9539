using Microsoft.Extensions.Options;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Instruction;

/// <summary>
/// Creates every CERT queue at start-up where the app creates its storage (Azurite), so that a
/// CERT consumer started before the first task finds its queue; in Azure the Bicep provisions
/// the routed queues.
/// </summary>
public sealed partial class InstructionQueues(StorageClients storage, StorageReadiness readiness, IOptions<StorageOptions> storageOptions, IOptions<InstructionOptions> options, ILogger<InstructionQueues> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _later;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!(storageOptions.Value.CreateMissing ?? storage.UsesConnectionString))
        {
            return;
        }

        if (readiness.IsReady)
        {
            await CreateAsync(cancellationToken);
        }
        else
        {
            // Storage not reachable yet: once it is (a task for a queue still missing creates it).
            _later = Task.Run(async () =>
            {
                await readiness.Ready.WaitAsync(_stopping.Token);
                await CreateAsync(_stopping.Token);
            }, CancellationToken.None);
        }
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

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        var queues = options.Value.AllQueues(Core.Geography.Communes.Default.DepartementCodes);
        await Parallel.ForEachAsync(queues, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (queue, token) =>
            await storage.Queue(queue).CreateIfNotExistsAsync(cancellationToken: token));
        LogCreated(logger, queues.Count);
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Instruction queues ready: {Count} checked")]
    private static partial void LogCreated(ILogger logger, int count);
}
