using System.Diagnostics;

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
/// </summary>
public sealed partial class InvocationDispatcher(IServiceScopeFactory scopes, ILogger<InvocationDispatcher> logger)
{
    public async Task<InvocationResult> InvokeAsync(TriggerFunction function, Invocation invocation, string invocationId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = Telemetry.AppMetrics.Source.StartActivity(function.Declaration.Name, ActivityKind.Consumer, invocation.TraceParent());
        activity?.SetTag("faas.trigger", function.Declaration.Kind.ToString().ToLowerInvariant());
        activity?.SetTag("faas.invocation_id", invocationId);
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await function.Handler(invocation, scope.ServiceProvider, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            LogSucceeded(logger, function.Declaration.Name, invocationId, elapsed.TotalMilliseconds);
            return InvocationResult.Success;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = $"{exception.GetType().Name}: {exception.Message}";
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            LogFailed(logger, exception, function.Declaration.Name, invocationId, reason);
            return new InvocationResult(false, $"{function.Declaration.Name} failed: {reason}");
        }
    }

    /// <summary>A request to <c>POST /{Name}</c> that is not an invocation at all.</summary>
    public void Malformed(TriggerFunction function, string invocationId, string reason) => LogMalformed(logger, function.Declaration.Name, invocationId, reason);

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Function {Function} invocation {InvocationId} succeeded in {ElapsedMs:F0} ms")]
    private static partial void LogSucceeded(ILogger logger, string function, string invocationId, double elapsedMs);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Function {Function} invocation {InvocationId} failed: {Reason}; it will be retried")]
    private static partial void LogFailed(ILogger logger, Exception exception, string function, string invocationId, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Function {Function} invocation {InvocationId} refused: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string function, string invocationId, string reason);
}
