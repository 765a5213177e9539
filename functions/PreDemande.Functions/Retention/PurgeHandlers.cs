using Microsoft.Extensions.Options;
using PreDemande.Functions.Scheduling;

namespace PreDemande.Functions.Retention;

/// <summary>
/// The purge of a pre-application due on a day (<see cref="DueTask.Purge"/>, key: its number).
/// Purged but for scans still immutable: tried again after <see cref="RetentionOptions.ImmutableRetryAfter"/>;
/// not due yet: scheduled again for the day it falls due. Either way its marker goes.
/// </summary>
public sealed class PurgeHandler(Purger purger, DueDates due, TimeProvider time, IOptions<RetentionOptions> options) : IDueTaskHandler
{
    public async Task<bool> HandleAsync(DueItem item, CancellationToken cancellationToken)
    {
        switch (await purger.PurgeAsync(item.Key, cancellationToken))
        {
            case { Outcome: PurgeOutcome.ArchiveLocked }:
                await due.ScheduleAsync(DueTask.Purge, time.GetUtcNow() + options.Value.ImmutableRetryAfter, item.Key, cancellationToken);
                break;
            case { Outcome: PurgeOutcome.NotDue, Later: { } later }:
                await due.ScheduleAsync(DueTask.Purge, later, item.Key, cancellationToken);
                break;
        }

        return true;
    }
}

/// <summary>The removal of a rejected upload once its quarantine is over (<see cref="DueTask.Quarantine"/>, key: its name in <c>quarantine/</c>).</summary>
public sealed class QuarantineHandler(Purger purger) : IDueTaskHandler
{
    public async Task<bool> HandleAsync(DueItem item, CancellationToken cancellationToken)
    {
        await purger.RemoveQuarantinedAsync(item.Key, cancellationToken);
        return true;
    }
}
