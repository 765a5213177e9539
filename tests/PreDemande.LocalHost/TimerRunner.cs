using Cronos;

namespace PreDemande.LocalHost;

/// <summary>
/// Fires one timer-triggered function on its NCRONTAB schedule (6 fields, seconds first, UTC as
/// on the host by default), with the host's payload (<see cref="HostPayloads.Timer"/>). A failed
/// run is logged by the invoker and waits for the next occurrence, as with the host.
/// </summary>
public sealed partial class TimerRunner(HostedFunction function, AppInvoker app, TimeProvider time, ILogger logger)
{
    private readonly CronExpression _schedule = CronExpression.Parse(function.Target, CronFormat.IncludeSeconds);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var last = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = _schedule.GetNextOccurrence(time.GetUtcNow(), TimeZoneInfo.Utc)
                ?? throw new InvalidOperationException($"The schedule of {function.Name} has no next occurrence.");
            var wait = next - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken);
            }

            var following = _schedule.GetNextOccurrence(next, TimeZoneInfo.Utc) ?? next;
            var payload = HostPayloads.Timer(function.Name, last, following, isPastDue: time.GetUtcNow() - next > TimeSpan.FromMinutes(1));
            LogFiring(logger, function.Name, next);
            await app.InvokeAsync(function, payload, stoppingToken);
            last = next;
        }
    }

    [LoggerMessage(EventId = 230, Level = LogLevel.Information, Message = "Timer {Function} fires (due {Due})")]
    private static partial void LogFiring(ILogger logger, string function, DateTimeOffset due);
}
