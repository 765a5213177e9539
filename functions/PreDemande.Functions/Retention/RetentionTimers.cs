using PreDemande.Functions.Hosting;
using PreDemande.Functions.Notifications;
using PreDemande.Functions.PreApplications;
using PreDemande.Core.Lifecycle;

using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Retention;

/// <summary>
/// The time-driven work, two timer triggers (NCRONTAB, UTC): the collection reminders and the
/// purge of what is past its retention. Both read the due-date markers up to today
/// (<see cref="DueDates"/>) and can run again on the same day without doing anything twice.
/// </summary>
public sealed partial class RetentionTimers(
    DueDates due,
    PreApplicationStore store,
    Purger purger,
    Audit.AuditLog audit,
    NotificationRequests notifications,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<RetentionOptions> options,
    ILogger<RetentionTimers> logger)
{
    public static readonly FunctionDeclaration Reminders = FunctionDeclaration.Timer("SendCollectionReminders", "0 0 8 * * *");
    public static readonly FunctionDeclaration Purge = FunctionDeclaration.Timer("PurgeExpiredData", "0 30 2 * * *");

    /// <summary>Titles available since <see cref="NotificationOptions.ReminderAfter"/> and still not handed over: one reminder each.</summary>
    public async Task SendRemindersAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var item in due.DueAsync(DueDates.Reminder, Today, cancellationToken))
        {
            if (await store.GetAsync(item.Number, cancellationToken) is { Status: PreApplicationStatus.Available })
            {
                await notifications.RequestAsync(item.Number, NotificationKinds.CollectionReminder, cancellationToken);
                count++;
            }

            await due.DoneAsync(item, cancellationToken);
        }

        LogReminders(logger, count);
    }

    public async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var purged = 0;
        await foreach (var item in due.DueAsync(DueDates.Purge, Today, cancellationToken))
        {
            switch (await purger.PurgeAsync(item.Number, cancellationToken))
            {
                case { Outcome: PurgeOutcome.Purged }:
                    purged++;
                    break;
                case { Outcome: PurgeOutcome.ArchiveLocked }:
                    await due.ScheduleAsync(DueDates.Purge, time.GetUtcNow() + options.Value.ImmutableRetryAfter, item.Number, cancellationToken);
                    break;
                case { Outcome: PurgeOutcome.NotDue, Later: { } later }:
                    await due.ScheduleAsync(DueDates.Purge, later, item.Number, cancellationToken);
                    break;
            }

            await due.DoneAsync(item, cancellationToken);
        }

        var quarantined = await purger.PurgeQuarantineAsync(cancellationToken);
        var audited = 0;
        await foreach (var item in due.DueAsync(DueDates.Audit, Today, cancellationToken))
        {
            audited += await audit.RemoveAsync(item.Number, cancellationToken);
            await due.DoneAsync(item, cancellationToken);
        }

        LogPurge(logger, purged, quarantined, audited);
    }

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Collection reminders: {Count} requested")]
    private static partial void LogReminders(ILogger logger, int count);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Purge: {Purged} pre-application(s), {Quarantined} quarantined file(s), {Audited} audit entries past 5 years")]
    private static partial void LogPurge(ILogger logger, int purged, int quarantined, int audited);
}

public static class RetentionRegistration
{
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).Checked();
        services.AddSingleton<ILifecycleReaction, RetentionReactions>();
        services.AddSingleton<Purger>();
        services.AddSingleton<RetentionTimers>();
        services.AddTriggerFunction<RetentionTimers>(RetentionTimers.Reminders, (timers, _, cancellationToken) => timers.SendRemindersAsync(cancellationToken));
        services.AddTriggerFunction<RetentionTimers>(RetentionTimers.Purge, (timers, _, cancellationToken) => timers.PurgeAsync(cancellationToken));
        return services;
    }
}
