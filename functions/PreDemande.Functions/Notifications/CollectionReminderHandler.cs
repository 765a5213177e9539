using PreDemande.Core.Lifecycle;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Scheduling;

namespace PreDemande.Functions.Notifications;

/// <summary>
/// The collection reminder due <see cref="NotificationOptions.ReminderAfter"/> after the title
/// became available (<see cref="DueTask.Reminder"/>, key: the number): asked for while the title
/// still waits at the mairie, dropped otherwise. The notifier sends it once.
/// </summary>
public sealed class CollectionReminderHandler(PreApplicationStore store, NotificationRequests notifications) : IDueTaskHandler
{
    public async Task<bool> HandleAsync(DueItem item, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(item.Key, cancellationToken) is { Status: PreApplicationStatus.Available })
        {
            await notifications.RequestAsync(item.Key, NotificationKinds.CollectionReminder, cancellationToken);
        }

        return true;
    }
}
