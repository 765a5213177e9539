using PreDemande.Functions.Hosting;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Scheduling;

/// <summary>
/// The two timer triggers (NCRONTAB, UTC) that hand the due work on: the night's (purges,
/// removals, the audit's index) and the morning's (collection reminders, draft warnings), each
/// task in the window its handler was registered with (<see cref="DueWindow"/>). A timer does no
/// item itself: it lists the days that have due markers (<see cref="DueDates"/>, one name per day)
/// and hands each (task, day, shard) to the <c>due-work</c> queue, where <see cref="DueWorker"/>
/// does the items with the host's concurrency, retries and poison queue. A run cut short is
/// completed by the next, which hands the same shards on again: their finished items have no
/// marker left, and a shard already at work is skipped by its lease.
/// </summary>
public sealed partial class DueWorkTimers(DueDates due, DueTaskHandlers handlers, MessageQueues queues, TimeProvider time, ILogger<DueWorkTimers> logger)
{
    // The deployed function names and schedules: renaming them would leave the old ones deployed.
    public static readonly FunctionDeclaration MorningTimer = FunctionDeclaration.Timer("SendCollectionReminders", "0 0 8 * * *");
    public static readonly FunctionDeclaration NightTimer = FunctionDeclaration.Timer("PurgeExpiredData", "0 30 2 * * *");

    /// <summary>Hands on every shard of the morning's tasks (<see cref="DueWindow.Morning"/>) due up to today.</summary>
    public Task HandOnMorningWorkAsync(CancellationToken cancellationToken) => HandOnAsync(DueWindow.Morning, MorningTimer, cancellationToken);

    /// <summary>Hands on every shard of the night's tasks (<see cref="DueWindow.Night"/>) due up to today.</summary>
    public Task HandOnNightlyWorkAsync(CancellationToken cancellationToken) => HandOnAsync(DueWindow.Night, NightTimer, cancellationToken);

    private async Task HandOnAsync(DueWindow window, FunctionDeclaration timer, CancellationToken cancellationToken)
    {
        foreach (var task in handlers.TasksOf(window))
        {
            await HandOnAsync(task, cancellationToken);
        }

        Telemetry.AppMetrics.TimersCompleted.Add(1, new KeyValuePair<string, object?>("timer", timer.Name));
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
