using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Notifications;

/// <summary>Asks for a notification on queue <c>notifications</c>; the <see cref="Notifier"/> decides whether and how it goes out, once.</summary>
public sealed class NotificationRequests(MessageQueues queues)
{
    public Task RequestAsync(string number, string kind, CancellationToken cancellationToken) =>
        queues.SendAsync(
            StorageNames.Queues.Notifications,
            new NotificationRequest(NotificationKinds.Id(number, kind), number, kind) { TraceParent = Telemetry.TraceContext.Current },
            AppJsonContext.Default.NotificationRequest,
            cancellationToken);
}
