using System.Diagnostics;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Hosting;

/// <summary>The outcome of one invocation; a failure makes the host retry.</summary>
public sealed record InvocationResult(bool Succeeded, string? Error)
{
    public static readonly InvocationResult Success = new(true, null);
}

/// <summary>
/// Runs a trigger function in its own service scope. A failure is logged here, at error level,
/// with the function, the invocation id and the reason: the host drops the body of a non-2xx
/// answer (its <c>Logs</c> included), so this log line is the only trace of why. Exception
/// messages of the app name numbers and blob paths, never personal data; the payload itself is
/// never logged.
/// <para>
/// A failure that says storage is unreachable (<see cref="StorageOutage"/>) is not handed back to
/// the host at once: the host retries a blob trigger's failed invocation at once, five times,
/// then leaves it in <c>webjobs-blobtrigger-poison</c> (the blobs extension's shared queue has no
/// retry delay), and a queue trigger's after 5 s, so an outage of a few seconds would otherwise
/// poison every recap and scan it met. The invocation runs again in a new scope, after 1, 2, 4,
/// 8, then every 15 s, for up to <see cref="OutageWait"/>; the handlers are idempotent, as the
/// host's own retries need. Five such invocations carry a trigger over about ten minutes of outage.
/// </para>
/// </summary>
public sealed partial class InvocationDispatcher(IServiceScopeFactory scopes, TimeProvider time, ILogger<InvocationDispatcher> logger)
{
    /// <summary>How long an invocation waits for storage to come back; under host.json's <c>functionTimeout</c> (5 min) with room for the work.</summary>
    public static readonly TimeSpan OutageWait = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(15);

    public async Task<InvocationResult> InvokeAsync(TriggerFunction function, Invocation invocation, string invocationId, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var activity = Telemetry.AppMetrics.Source.StartActivity(function.Declaration.Name, ActivityKind.Consumer, invocation.TraceParent());
        activity?.SetTag("faas.trigger", function.Declaration.Kind.ToString().ToLowerInvariant());
        activity?.SetTag("faas.invocation_id", invocationId);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    await function.Handler(invocation, scope.ServiceProvider, cancellationToken);
                }

                var elapsed = time.GetElapsedTime(started);
                LogSucceeded(logger, function.Declaration.Name, invocationId, elapsed.TotalMilliseconds);
                return InvocationResult.Success;
            }
            catch (Exception exception) when (StorageOutage.Is(exception, cancellationToken) && PauseBefore(attempt, time.GetElapsedTime(started)) is { } pause)
            {
                LogOutage(logger, function.Declaration.Name, invocationId, attempt, pause.TotalSeconds, Reason(exception));
                await Task.Delay(pause, time, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var reason = Reason(exception);
                activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
                LogFailed(logger, exception, function.Declaration.Name, invocationId, reason);
                return new InvocationResult(false, $"{function.Declaration.Name} failed: {reason}");
            }
        }
    }

    /// <summary>The pause before attempt <paramref name="attempt"/> + 1 (1, 2, 4, 8, then 15 s); null when it would end past <see cref="OutageWait"/>.</summary>
    public static TimeSpan? PauseBefore(int attempt, TimeSpan waited)
    {
        var pause = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempt - 1), LongestPause.TotalSeconds));
        return waited + pause <= OutageWait ? pause : null;
    }

    private static string Reason(Exception exception) => $"{exception.GetType().Name}: {exception.Message}";

    /// <summary>A request to <c>POST /{Name}</c> that is not an invocation at all.</summary>
    public void Malformed(TriggerFunction function, string invocationId, string reason) => LogMalformed(logger, function.Declaration.Name, invocationId, reason);

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Function {Function} invocation {InvocationId} succeeded in {ElapsedMs:F0} ms")]
    private static partial void LogSucceeded(ILogger logger, string function, string invocationId, double elapsedMs);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Function {Function} invocation {InvocationId} failed: {Reason}; it will be retried")]
    private static partial void LogFailed(ILogger logger, Exception exception, string function, string invocationId, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Function {Function} invocation {InvocationId}: storage unreachable at attempt {Attempt} ({Reason}); trying again in {PauseSeconds} s")]
    private static partial void LogOutage(ILogger logger, string function, string invocationId, int attempt, double pauseSeconds, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Function {Function} invocation {InvocationId} refused: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string function, string invocationId, string reason);
}
