using Azure;
using Microsoft.AspNetCore.Http.HttpResults;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Health;

public sealed record HealthReport(string Status, IReadOnlyDictionary<string, string> Storage);

/// <summary><c>GET /api/health</c>: is each storage service reachable? 200 when all are, 503 otherwise.</summary>
public static partial class HealthEndpoints
{
    /// <summary>On <c>/api</c>, anonymous.</summary>
    public static RouteGroupBuilder MapHealth(this RouteGroupBuilder api)
    {
        api.MapGet("/health", CheckAsync)
            .AsFunction("Health")
            .AllowAnonymous()
            .WithTags("Exploitation")
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Joignabilité du stockage (blob, file, table)");
        return api;
    }

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> CheckAsync(StorageClients storage, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("PreDemande.Health");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
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

        var report = new HealthReport(results.Values.All(v => v == "ok") ? "healthy" : "unhealthy", results);
        return report.Status == "healthy"
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, AppJsonContext.Default.HealthReport, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Health check: storage {Service} unreachable")]
    private static partial void LogUnhealthy(ILogger logger, Exception exception, string service);
}
