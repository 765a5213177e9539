using System.Net.Http.Headers;

namespace PreDemande.LocalHost;

/// <summary>
/// Invokes a function of the app as the Functions host invokes a custom handler: <c>POST
/// /{FunctionName}</c> with the invocation as JSON and the invocation id in
/// <c>X-Azure-Functions-InvocationId</c>. A 2xx answer is a success; any other answer, a
/// connection lost with the request sent, or an invocation longer than <c>functionTimeout</c> is
/// a failure, which the trigger retries with its own semantics. While the app cannot be reached at
/// all (it is starting again after a crash) the invocation waits for it, as the host holds its
/// invocations until its restarted worker is up, rather than spending the message's attempts.
/// </summary>
public sealed partial class AppInvoker(HttpClient app, HostSettings settings, ILogger<AppInvoker> logger)
{
    public const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    private static readonly TimeSpan AppDownPause = TimeSpan.FromMilliseconds(250);

    public async Task<bool> InvokeAsync(HostedFunction function, byte[] payload, CancellationToken stoppingToken)
    {
        var invocationId = Guid.NewGuid().ToString();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(settings.FunctionTimeout);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/{function.Name}") { Content = new ByteArrayContent(payload) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add(InvocationIdHeader, invocationId);
                try
                {
                    using var response = await app.SendAsync(request, timeout.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        LogSucceeded(logger, function.Name, invocationId);
                        return true;
                    }

                    LogFailed(logger, function.Name, invocationId, $"the app answered {(int)response.StatusCode}");
                    return false;
                }
                catch (HttpRequestException exception) when (exception.HttpRequestError == HttpRequestError.ConnectionError)
                {
                    // Nothing was sent: no connection to the app.
                    if (attempt == 1)
                    {
                        LogWaitingForApp(logger, function.Name, invocationId);
                    }

                    await Task.Delay(AppDownPause, timeout.Token);
                }
            }
        }
        catch (HttpRequestException exception)
        {
            LogFailed(logger, function.Name, invocationId, $"the connection to the app was lost ({exception.HttpRequestError})");
            return false;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(logger, function.Name, invocationId, $"no answer within functionTimeout {settings.FunctionTimeout}");
            return false;
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Executed '{Function}' (Succeeded, Id={InvocationId})")]
    private static partial void LogSucceeded(ILogger logger, string function, string invocationId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Executed '{Function}' (Failed, Id={InvocationId}): {Reason}")]
    private static partial void LogFailed(ILogger logger, string function, string invocationId, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Invocation {InvocationId} of '{Function}' waits for the app, which cannot be reached")]
    private static partial void LogWaitingForApp(ILogger logger, string function, string invocationId);
}
