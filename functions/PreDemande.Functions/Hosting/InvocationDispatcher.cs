using System.Diagnostics;

namespace PreDemande.Functions.Hosting;

/// <summary>The outcome of one invocation; a failure makes the host (or the local trigger mode) retry.</summary>
public sealed record InvocationResult(bool Succeeded, string? Error)
{
    public static readonly InvocationResult Success = new(true, null);
}

/// <summary>
/// Runs a trigger function in its own service scope. Failures are logged (type and function,
/// never the payload: it may hold personal data) and reported, never swallowed.
/// </summary>
public sealed partial class InvocationDispatcher(IServiceScopeFactory scopes, ILogger<InvocationDispatcher> logger)
{
    public async Task<InvocationResult> InvokeAsync(TriggerFunction function, Invocation invocation, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await function.Handler(invocation, scope.ServiceProvider, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            LogSucceeded(logger, function.Declaration.Name, elapsed.TotalMilliseconds);
            return InvocationResult.Success;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, exception, function.Declaration.Name, exception.GetType().Name);
            return new InvocationResult(false, $"{function.Declaration.Name} failed: {exception.GetType().Name}");
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Function {Function} succeeded in {ElapsedMs:F0} ms")]
    private static partial void LogSucceeded(ILogger logger, string function, double elapsedMs);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Function {Function} failed with {ExceptionType}; it will be retried")]
    private static partial void LogFailed(ILogger logger, Exception exception, string function, string exceptionType);
}
