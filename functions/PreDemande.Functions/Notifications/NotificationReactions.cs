using Microsoft.Extensions.Options;
using PreDemande.Core.Lifecycle;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Scheduling;

namespace PreDemande.Functions.Notifications;

/// <summary>
/// What the applicant is told, and when: the recap e-mail once the recap is ready; an SMS when
/// the title is available (and a collection reminder due <see cref="NotificationOptions.ReminderAfter"/>
/// later) or refused. Requests go to the notifier's queue; the notifier sends each once.
/// </summary>
public sealed class NotificationReactions(NotificationRequests requests, DueDates due, IOptions<NotificationOptions> options) : ILifecycleReaction
{
    public async Task ReactAsync(LifecycleNotice notice, CancellationToken cancellationToken)
    {
        var (kind, reminder) = Reaction(notice.Event);
        if (reminder)
        {
            await due.ScheduleAsync(DueTask.Reminder, notice.At + options.Value.ReminderAfter, notice.Number, cancellationToken);
        }

        if (kind is not null)
        {
            await requests.RequestAsync(notice.Number, kind, cancellationToken);
        }
    }

    /// <summary>The notification an event calls for, and whether a collection reminder follows it.</summary>
    public static (string? Kind, bool Reminder) Reaction(LifecycleEvent happened) => happened switch
    {
        LifecycleEvent.RecapRendered => (NotificationKinds.RecapEmail, false),
        LifecycleEvent.Available => (NotificationKinds.TitleAvailable, true),
        LifecycleEvent.Refused => (NotificationKinds.TitleRefused, false),
        LifecycleEvent.Lodged or LifecycleEvent.InstructionStarted or LifecycleEvent.InProduction
            or LifecycleEvent.HandedOver or LifecycleEvent.Destroyed or LifecycleEvent.Expired or LifecycleEvent.Purged => (null, false),
    };
}
