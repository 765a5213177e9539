using PreDemande.Functions.Scheduling;

namespace PreDemande.Functions.Drafts;

/// <summary>The erasure of a draft not saved again before its expiry (<see cref="DueTask.DraftExpiry"/>, key: <c>{account}-{id}</c>).</summary>
public sealed class DraftExpiryHandler(DraftStore drafts, TimeProvider time) : IDueTaskHandler
{
    public Task<bool> HandleAsync(DueItem item, CancellationToken cancellationToken) =>
        drafts.PurgeIfExpiredAsync(item.Key, time.GetUtcNow(), cancellationToken);
}

/// <summary>The e-mail warning before a draft's erasure (<see cref="DueTask.DraftWarning"/>, key: <c>{account}-{id}</c>).</summary>
public sealed class DraftWarningHandler(DraftWarnings warnings) : IDueTaskHandler
{
    public Task<bool> HandleAsync(DueItem item, CancellationToken cancellationToken) =>
        warnings.WarnAsync(item.Key, cancellationToken);
}
