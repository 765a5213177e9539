using Azure;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Health;

public sealed record HealthReport(string Status, IReadOnlyDictionary<string, string> Storage);

/// <summary><c>GET /api/health</c>: is each storage service reachable? 200 when all are, 503 otherwise.</summary>
public static partial class HealthFunctions
{
    public static readonly FunctionDeclaration Health = FunctionDeclaration.Http("Health", "GET", "health");

    public static IServiceCollection AddHealth(this IServiceCollection services) =>
        services.AddHttpFunction(Health, clients: null, CheckAsync);

    private static async Task<IResult> CheckAsync(HttpContext context)
    {
        var storage = context.RequestServices.GetRequiredService<StorageClients>();
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("PreDemande.Health");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var checks = new Dictionary<string, Func<Task>>
        {
            ["blob"] = () => storage.Container(StorageNames.Containers.PreApplications).GetPropertiesAsync(cancellationToken: timeout.Token),
            ["queue"] = () => storage.Queue(StorageNames.Queues.BlobTriggerPoison).GetPropertiesAsync(timeout.Token),
            // A point read (not a query: the SDK's query path is not Native AOT safe).
            ["table"] = () => storage.Table(StorageNames.Tables.PreApplications).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("health", "probe", cancellationToken: timeout.Token),
        };
        var results = new Dictionary<string, string>();
        foreach (var (name, check) in checks)
        {
            try
            {
                await check();
                results[name] = "ok";
            }
            catch (Exception exception) when (exception is RequestFailedException or OperationCanceledException or AggregateException)
            {
                LogUnhealthy(logger, exception, name);
                results[name] = "unreachable";
            }
        }

        var healthy = results.Values.All(v => v == "ok");
        return TypedResults.Json(
            new HealthReport(healthy ? "healthy" : "unhealthy", results),
            AppJsonContext.Default.HealthReport,
            statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Health check: storage {Service} unreachable")]
    private static partial void LogUnhealthy(ILogger logger, Exception exception, string service);
}
