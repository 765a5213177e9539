using Microsoft.Extensions.Options;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Instruction;

/// <summary>
/// Creates every CERT queue at start-up where the app creates its storage (Azurite), so that a
/// CERT consumer started before the first task finds its queue; in Azure the Bicep provisions
/// the routed queues.
/// </summary>
public sealed partial class InstructionQueues(StorageClients storage, IOptions<StorageOptions> storageOptions, IOptions<InstructionOptions> options, ILogger<InstructionQueues> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!(storageOptions.Value.CreateMissing ?? storage.UsesConnectionString))
        {
            return;
        }

        var queues = options.Value.AllQueues(Core.Geography.Communes.Default.DepartementCodes);
        await Parallel.ForEachAsync(queues, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (queue, token) =>
            await storage.Queue(queue).CreateIfNotExistsAsync(cancellationToken: token));
        LogCreated(logger, queues.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Instruction queues ready: {Count} checked")]
    private static partial void LogCreated(ILogger logger, int count);
}
