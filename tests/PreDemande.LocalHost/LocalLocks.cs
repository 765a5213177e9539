using System.Collections.Concurrent;
using Microsoft.Azure.WebJobs.Host;

// The SDK marks its lock interfaces "not ready for public consumption"; they are the ones its
// singleton listeners call, and the stand-in host never ships.
#pragma warning disable CS0618

namespace PreDemande.LocalHost;

/// <summary>
/// The SDK's singleton locks (each timer runs on one instance only) held in memory: the stand-in
/// host is one instance, as the SDK itself does without a storage account. The blob-lease locks
/// of <c>AddAzureStorageCoreServices</c> made every stop in a storage outage wait for their
/// release (25 s), during which no trigger ran.
/// </summary>
public sealed class LocalLocks : IDistributedLockManager
{
    private readonly ConcurrentDictionary<string, Lock> _locks = new(StringComparer.Ordinal);

    public Task<IDistributedLock> TryLockAsync(string account, string lockId, string lockOwnerId, string proposedLeaseId, TimeSpan lockPeriod, CancellationToken cancellationToken)
    {
        var taken = new Lock(lockId, lockOwnerId);
        return Task.FromResult<IDistributedLock>(_locks.TryAdd(lockId, taken) ? taken : null!);
    }

    public Task<bool> RenewAsync(IDistributedLock lockHandle, CancellationToken cancellationToken) =>
        Task.FromResult(_locks.TryGetValue(lockHandle.LockId, out var held) && ReferenceEquals(held, lockHandle));

    public Task ReleaseLockAsync(IDistributedLock lockHandle, CancellationToken cancellationToken)
    {
        _locks.TryRemove(new KeyValuePair<string, Lock>(lockHandle.LockId, (Lock)lockHandle));
        return Task.CompletedTask;
    }

    public Task<string> GetLockOwnerAsync(string account, string lockId, CancellationToken cancellationToken) =>
        Task.FromResult(_locks.TryGetValue(lockId, out var held) ? held.Owner : null!);

    private sealed record Lock(string LockId, string Owner) : IDistributedLock;
}
