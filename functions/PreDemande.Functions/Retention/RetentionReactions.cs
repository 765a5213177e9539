using Microsoft.Extensions.Options;
using PreDemande.Core.Lifecycle;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Scheduling;

namespace PreDemande.Functions.Retention;

/// <summary>
/// When the personal data of a pre-application falls due for the purge, marked as soon as it is
/// known: <see cref="RetentionOptions.UnusedGrace"/> after the end of its validity (from the
/// moment its recap is ready), or <see cref="RetentionOptions.LodgedRetention"/> after the event
/// that ended the application. The purge checks again when the day comes.
/// </summary>
public sealed class RetentionReactions(DueDates due, IOptions<RetentionOptions> options) : ILifecycleReaction
{
    public async Task ReactAsync(LifecycleNotice notice, CancellationToken cancellationToken)
    {
        if (PurgeDue(notice, options.Value) is { } at)
        {
            await due.ScheduleAsync(DueTask.Purge, at, notice.Number, cancellationToken);
        }
    }

    /// <summary>When an event makes the purge due (<see cref="Lifecycle.PurgeDueAfter"/>, the rule the purge checks again); null when it does not change it.</summary>
    public static DateTimeOffset? PurgeDue(LifecycleNotice notice, RetentionOptions options) =>
        Lifecycle.PurgeDueAfter(notice.Event, notice.At, notice.ExpiresAt, new PurgeDelays(options.UnusedGrace, options.LodgedRetention));
}
