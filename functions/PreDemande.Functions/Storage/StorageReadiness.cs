namespace PreDemande.Functions.Storage;

/// <summary>
/// Whether the app's storage has been checked (and created where the app creates it). Until it
/// has, <c>GET /</c> and every function answer 503 with <c>Retry-After</c>: the host keeps the
/// invocation for later, a client retries; nothing runs against containers that are not there.
/// The start's first check runs beside the server's start; a request that comes before it ends
/// waits for its end (<see cref="FirstCheck"/>), so that the host's first <c>GET /</c> answers
/// 200 when storage is up.
/// </summary>
public sealed class StorageReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstCheck = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompleted;

    /// <summary>Why the app is not ready yet (the last failure), for the 503 and the logs.</summary>
    public string? Waiting { get; private set; } = "stockage non encore vérifié";

    public Task Ready => _ready.Task;

    /// <summary>Ends when the start's first check of storage has ended, ready or not.</summary>
    public Task FirstCheck => _firstCheck.Task;

    public void MarkReady()
    {
        Waiting = null;
        _ready.TrySetResult();
        _firstCheck.TrySetResult();
    }

    public void MarkWaiting(string reason) => Waiting = reason;

    /// <summary>The first check has ended (ready or not): requests no longer wait for it.</summary>
    public void MarkFirstCheckEnded() => _firstCheck.TrySetResult();
}

/// <summary>Answers 503 to everything but the health check while storage is not ready.</summary>
public static class StorageReadinessGate
{
    public const int RetryAfterSeconds = 5;

    /// <summary>The longest a request waits for the start's first check (one attempt's bound).</summary>
    public static readonly TimeSpan FirstCheckWait = TimeSpan.FromSeconds(10);

    public static IApplicationBuilder UseStorageReadiness(this IApplicationBuilder app)
    {
        var readiness = app.ApplicationServices.GetRequiredService<StorageReadiness>();
        return app.Use(async (context, next) =>
        {
            var health = context.Request.Path.StartsWithSegments("/api/health", StringComparison.OrdinalIgnoreCase);
            if (!readiness.IsReady && !health && !readiness.FirstCheck.IsCompleted)
            {
                // The server listens while the start's first check runs: wait for its end rather than refuse.
                await readiness.FirstCheck.WaitAsync(FirstCheckWait, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            if (readiness.IsReady || health)
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
