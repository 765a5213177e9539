namespace PreDemande.Functions.Storage;

/// <summary>
/// Whether the app's storage has been checked (and created where the app creates it). Until it
/// has, <c>GET /</c> and every function answer 503 with <c>Retry-After</c>: the host keeps the
/// invocation for later, a client retries; nothing runs against containers that are not there.
/// </summary>
public sealed class StorageReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompleted;

    /// <summary>Why the app is not ready yet (the last failure), for the 503 and the logs.</summary>
    public string? Waiting { get; private set; } = "stockage non encore vérifié";

    public Task Ready => _ready.Task;

    public void MarkReady()
    {
        Waiting = null;
        _ready.TrySetResult();
    }

    public void MarkWaiting(string reason) => Waiting = reason;
}

/// <summary>Answers 503 to everything but the health check while storage is not ready.</summary>
public static class StorageReadinessGate
{
    public const int RetryAfterSeconds = 5;

    public static IApplicationBuilder UseStorageReadiness(this IApplicationBuilder app)
    {
        var readiness = app.ApplicationServices.GetRequiredService<StorageReadiness>();
        return app.Use(async (context, next) =>
        {
            if (readiness.IsReady || context.Request.Path.StartsWithSegments("/api/health", StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }

            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Problems.ProblemResults.Problem(
                StatusCodes.Status503ServiceUnavailable,
                "starting",
                "Démarrage en cours",
                $"Le stockage n'est pas encore joignable : réessayer dans {RetryAfterSeconds} secondes.").ExecuteAsync(context);
        });
    }
}
