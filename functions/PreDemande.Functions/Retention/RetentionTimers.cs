using PreDemande.Functions.Hosting;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Settings;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Retention;

/// <summary>
/// The time-driven work, two timer triggers (NCRONTAB, UTC): the collection reminders and the
/// purge of what is past its retention. A timer does no item itself: it lists the days that
/// have due markers (<see cref="DueDates"/>, one name per day) and hands each (task, day, shard)
/// to the <c>due-work</c> queue, where <see cref="DueWorker"/> does the items with the host's
/// concurrency, retries and poison queue. A run cut short is completed by the next, which hands
/// the same shards on again: their finished items have no marker left, and a shard already at
/// work is skipped by its lease.
/// </summary>
public sealed partial class RetentionTimers(DueDates due, MessageQueues queues, TimeProvider time, ILogger<RetentionTimers> logger)
{
    public static readonly FunctionDeclaration Reminders = FunctionDeclaration.Timer("SendCollectionReminders", "0 0 8 * * *");
    public static readonly FunctionDeclaration Purge = FunctionDeclaration.Timer("PurgeExpiredData", "0 30 2 * * *");

    /// <summary>Hands on every shard of the reminders and draft warnings due up to today (messages go in the morning).</summary>
    public async Task SendRemindersAsync(CancellationToken cancellationToken)
    {
        await HandOnAsync(DueTask.Reminder, cancellationToken);
        await HandOnAsync(DueTask.DraftWarning, cancellationToken);
        Telemetry.AppMetrics.TimersCompleted.Add(1, new KeyValuePair<string, object?>("timer", Reminders.Name));
    }

    /// <summary>Hands on every shard of the purges, of the removals (quarantine, audit, idempotency keys, drafts) and of the audit's by-number index due up to today.</summary>
    public async Task PurgeAsync(CancellationToken cancellationToken)
    {
        foreach (var task in new[] { DueTask.Purge, DueTask.Quarantine, DueTask.Audit, DueTask.AuditIndex, DueTask.Idempotency, DueTask.DraftExpiry })
        {
            await HandOnAsync(task, cancellationToken);
        }

        Telemetry.AppMetrics.TimersCompleted.Add(1, new KeyValuePair<string, object?>("timer", Purge.Name));
    }

    private async Task HandOnAsync(DueTask task, CancellationToken cancellationToken)
    {
        var days = await due.DaysDueAsync(task, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), cancellationToken);
        var work = days.SelectMany(day => Enumerable.Range(0, DueDates.Shards).Select(shard => new DueWork(task, day, shard))).ToArray();
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (item, token) =>
            await queues.SendAsync(StorageNames.Queues.DueWork, item, AppJsonContext.Default.DueWork, token));
        LogHandedOn(logger, task, days.Count, work.Length);
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Due {Task} work handed on: {Days} day(s), {Shards} shard(s)")]
    private static partial void LogHandedOn(ILogger logger, DueTask task, int days, int shards);
}

public static class RetentionRegistration
{
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).Checked();
        services.AddSingleton<ILifecycleReaction, RetentionReactions>();
        services.AddSingleton<Purger>();
        services.AddSingleton<RetentionTimers>();
        services.AddSingleton<DueWorker>();
        services.AddTriggerFunction<RetentionTimers>(RetentionTimers.Reminders, (timers, _, cancellationToken) => timers.SendRemindersAsync(cancellationToken));
        services.AddTriggerFunction<RetentionTimers>(RetentionTimers.Purge, (timers, _, cancellationToken) => timers.PurgeAsync(cancellationToken));
        services.AddTriggerFunction<DueWorker>(DueWorker.Function, (worker, invocation, cancellationToken) => worker.WorkAsync(invocation.RequiredDataString("message"), cancellationToken));
        return services;
    }
}
