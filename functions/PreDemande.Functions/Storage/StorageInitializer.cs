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

/// <summary>Creates the app's containers, tables and queues (and the poison queues it reads) when asked to.</summary>
public sealed partial class StorageInitializer(
    StorageClients storage,
    IOptions<StorageOptions> options,
    ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!(options.Value.CreateMissing ?? storage.UsesConnectionString))
        {
            return;
        }

        var tasks = new List<Task>();
        tasks.AddRange(StorageNames.Containers.All.Select(c => storage.Container(c).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        tasks.AddRange(StorageNames.Tables.All.Select(t => storage.TableProvisioner.CreateIfNotExistsAsync(t, cancellationToken)));
        tasks.AddRange(StorageNames.Queues.All.Select(q => storage.Queue(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken)));
        await Task.WhenAll(tasks);
        LogCreated(logger, tasks.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Storage ready: {Count} containers, tables and queues checked")]
    private static partial void LogCreated(ILogger logger, int count);
}
