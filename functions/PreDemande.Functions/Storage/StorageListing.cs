using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues.Models;

namespace PreDemande.Functions.Storage;

/// <summary>
/// What a storage account holds, one listing request per service (a page holds up to 5,000
/// names), and the creation of what is missing with bounded concurrency: the start-up checks
/// ask once what is there instead of creating every name in turn.
/// </summary>
public static class StorageListing
{
    /// <summary>How many creations run at a time (a fresh account: the app's 23 names, the 109 CERT queues).</summary>
    public const int MaxCreations = 8;

    public static async Task<HashSet<string>> ContainersAsync(StorageClients storage, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var container in storage.Blobs.GetBlobContainersAsync(BlobContainerTraits.None, BlobContainerStates.None, prefix: null, cancellationToken))
        {
            names.Add(container.Name);
        }

        return names;
    }

    public static async Task<HashSet<string>> QueuesAsync(StorageClients storage, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var queue in storage.Queues.GetQueuesAsync(QueueTraits.None, prefix: null, cancellationToken))
        {
            names.Add(queue.Name);
        }

        return names;
    }

    public static async Task<HashSet<string>> TablesAsync(StorageClients storage, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var table in storage.TableProvisioner.TablesAsync(cancellationToken))
        {
            names.Add(table);
        }

        return names;
    }

    /// <summary>Runs the creations, <see cref="MaxCreations"/> at a time.</summary>
    public static Task CreateAsync(IReadOnlyCollection<Func<CancellationToken, Task>> creations, CancellationToken cancellationToken) =>
        creations.Count == 0
            ? Task.CompletedTask
            : Parallel.ForEachAsync(creations, new ParallelOptions { MaxDegreeOfParallelism = MaxCreations, CancellationToken = cancellationToken }, async (create, token) => await create(token));
}
