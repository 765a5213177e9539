using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using PreDemande.Functions.Hosting;

namespace PreDemande.Functions.Scheduling;

/// <summary>
/// The work of one <see cref="DueTask"/>, done item by item by <see cref="DueWorker"/>. Written and
/// registered by the feature that owns the task (<see cref="SchedulingRegistration.AddDueTaskHandler{THandler}"/>
/// in its <c>Add…</c> method), as a lifecycle reaction is: the scheduler knows no feature. Redoing
/// an item is harmless: a worker that dies leaves its markers for the retry.
/// </summary>
public interface IDueTaskHandler
{
    /// <summary>Does <paramref name="item"/>; true when it is finished and its marker may go, false when it goes on in the next message (a partition larger than a batch).</summary>
    Task<bool> HandleAsync(DueItem item, CancellationToken cancellationToken);
}

/// <summary>Which timer hands a task's due work on (<see cref="DueWorkTimers"/>).</summary>
public enum DueWindow
{
    /// <summary>The night's timer (<c>PurgeExpiredData</c>, 02:30 UTC): purges, removals, the audit's index.</summary>
    Night,

    /// <summary>The morning's timer (<c>SendCollectionReminders</c>, 08:00 UTC): work that writes to people.</summary>
    Morning,
}

/// <summary>The limits of one invocation of the due work: <see cref="BatchSize"/> items, <see cref="ItemConcurrency"/> at a time. Set from the Retention section's settings (see <c>AddRetention</c>).</summary>
public sealed class DueWorkOptions
{
    /// <summary>Due items one invocation does; the rest goes on in the next.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Items of a batch worked at the same time.</summary>
    public int ItemConcurrency { get; set; } = 8;

    /// <summary>Rows an item whose key is a partition (audit, idempotency keys) handles in one invocation: ten times the batch.</summary>
    public int RowsPerItem => BatchSize * 10;
}

/// <summary>A feature's handler of one task, and the timer that hands the task on. Declared when it is registered, so that the check needs no instance.</summary>
public sealed record DueTaskRegistration(DueTask Task, DueWindow Window, Func<IServiceProvider, IDueTaskHandler> Handler);

/// <summary>The handler of each <see cref="DueTask"/>: exactly one each, or the app does not start.</summary>
public sealed class DueTaskHandlers
{
    private readonly Dictionary<DueTask, DueTaskRegistration> _registrations;
    private readonly IServiceProvider _provider;

    public DueTaskHandlers(IEnumerable<DueTaskRegistration> registrations, IServiceProvider provider)
    {
        var all = registrations.ToArray();
        if (Problems(all) is { Count: > 0 } problems)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        _registrations = all.ToDictionary(r => r.Task);
        _provider = provider;
    }

    /// <summary>The tasks that the timer of <paramref name="window"/> hands on, in the order of <see cref="DueTask"/>.</summary>
    public IReadOnlyList<DueTask> TasksOf(DueWindow window) =>
        [.. Enum.GetValues<DueTask>().Where(task => _registrations[task].Window == window)];

    /// <summary>The handler of <paramref name="task"/>; a value no handler knows (a message from elsewhere) fails the invocation, and goes to the poison queue after its retries.</summary>
    public IDueTaskHandler For(DueTask task) =>
        _registrations.TryGetValue(task, out var registration)
            ? registration.Handler(_provider)
            : throw new InvalidInvocationException($"unknown due task {task}");

    /// <summary>Each task without a handler or with more than one, as a sentence; empty when every task has exactly one.</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<DueTaskRegistration> registrations)
    {
        var counts = registrations.CountBy(r => r.Task).ToDictionary();
        return
        [
            .. Enum.GetValues<DueTask>().Where(task => !counts.ContainsKey(task)).Select(task => $"The due task {task} has no handler."),
            .. counts.Where(c => c.Value > 1).OrderBy(c => c.Key).Select(c => $"The due task {c.Key} has {c.Value} handlers; it must have one."),
        ];
    }
}

/// <summary>Refuses to start the app while a due task has no handler or two (<see cref="DueTaskHandlers.Problems"/>), as settings are refused (<c>Checked</c>).</summary>
internal sealed class DueTaskHandlersCheck(IEnumerable<DueTaskRegistration> registrations) : IValidateOptions<DueWorkOptions>
{
    public ValidateOptionsResult Validate(string? name, DueWorkOptions options) =>
        DueTaskHandlers.Problems(registrations) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

public static class SchedulingRegistration
{
    /// <summary>The due dates, the worker of the <c>due-work</c> queue and the two timers that hand the due work on. The features register the handlers (<see cref="AddDueTaskHandler{THandler}"/>).</summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services)
    {
        services.AddSingleton<DueDates>();
        services.AddSingleton<DueTaskHandlers>();
        services.AddSingleton<IValidateOptions<DueWorkOptions>, DueTaskHandlersCheck>();
        services.AddOptions<DueWorkOptions>().ValidateOnStart();
        services.AddSingleton<DueWorker>();
        services.AddSingleton<DueWorkTimers>();
        services.AddTriggerFunction<DueWorkTimers>(DueWorkTimers.MorningTimer, (timers, _, cancellationToken) => timers.HandOnMorningWorkAsync(cancellationToken));
        services.AddTriggerFunction<DueWorkTimers>(DueWorkTimers.NightTimer, (timers, _, cancellationToken) => timers.HandOnNightlyWorkAsync(cancellationToken));
        services.AddTriggerFunction<DueWorker>(DueWorker.Function, (worker, invocation, cancellationToken) => worker.WorkAsync(invocation.RequiredDataString("message"), cancellationToken));
        return services;
    }

    /// <summary>Registers <typeparamref name="THandler"/> (a singleton) as the one handler of <paramref name="task"/>, handed on by the timer of <paramref name="window"/>.</summary>
    public static IServiceCollection AddDueTaskHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this IServiceCollection services, DueTask task, DueWindow window)
        where THandler : class, IDueTaskHandler
    {
        services.AddSingleton<THandler>();
        return services.AddSingleton(new DueTaskRegistration(task, window, provider => provider.GetRequiredService<THandler>()));
    }
}
