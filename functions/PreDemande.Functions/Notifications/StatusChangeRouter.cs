using System.Text.Json;
using Microsoft.Extensions.Options;
using PreDemande.Core.Instruction;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Instruction;
using PreDemande.Functions.Retention;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Notifications;

/// <summary>
/// Reads <c>status-changes</c> and decides what each change calls for: a notification
/// (<c>available</c> → <c>titleAvailable</c>, <c>refused</c> → <c>titleRefused</c>), a collection
/// reminder due <see cref="NotificationOptions.ReminderAfter"/> after <c>available</c>, the purge
/// due <see cref="RetentionOptions.LodgedRetention"/> after the end. Replays only repeat what the
/// notifier and the markers already make idempotent.
/// </summary>
public sealed class StatusChangeRouter(StorageClients storage, DueDates due, IOptions<NotificationOptions> notifications, IOptions<RetentionOptions> retention)
{
    public async Task RouteAsync(string json, CancellationToken cancellationToken)
    {
        var change = JsonSerializer.Deserialize(json, AppJsonContext.Default.StatusChangeMessage)
            ?? throw new InvalidInvocationException("the status change is null");
        if (change.Number is null || change.Type is null)
        {
            throw new InvalidInvocationException("not a status change message");
        }

        var queue = storage.Queue(StorageNames.Queues.Notifications);
        switch (change.Type)
        {
            case InstructionEvents.Available:
                await due.ScheduleAsync(DueDates.Reminder, change.At + notifications.Value.ReminderAfter, change.Number, cancellationToken);
                await Notifier.RequestAsync(queue, change.Number, NotificationKinds.TitleAvailable, cancellationToken);
                break;
            case InstructionEvents.Refused:
                await due.ScheduleAsync(DueDates.Purge, change.At + retention.Value.LodgedRetention, change.Number, cancellationToken);
                await Notifier.RequestAsync(queue, change.Number, NotificationKinds.TitleRefused, cancellationToken);
                break;
            case InstructionEvents.HandedOver or InstructionEvents.Destroyed:
                await due.ScheduleAsync(DueDates.Purge, change.At + retention.Value.LodgedRetention, change.Number, cancellationToken);
                break;
        }
    }
}
