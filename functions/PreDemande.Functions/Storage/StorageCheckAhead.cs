namespace PreDemande.Functions.Storage;

/// <summary>
/// The storage check begun as soon as the app's services are built, when the app is to serve:
/// it then runs on another thread beside the rest of the start (the middleware, the settings
/// checked at start, the host's and the server's start) instead of beginning when the host
/// starts its hosted services, so that storage is usually known ready when the host's first
/// <c>GET /</c> comes. Until the host has started (its settings checked), the check only lists
/// what storage holds: with a wrong setting the app stops as before, having created nothing. No
/// request is served before storage is ready either way (<see cref="StorageReadinessGate"/>).
/// </summary>
public static class StorageCheckAhead
{
    /// <remarks>
    /// The check and its storage clients (about 15 million instructions: the SDK's pipelines) are
    /// built on the thread pool too, off the start's own thread. If building them fails, the host's
    /// start builds them again and stops the app with that error, as before.
    /// </remarks>
    public static void BeginStorageCheck(this IServiceProvider services) =>
        _ = Task.Run(() =>
        {
            try
            {
                services.GetRequiredService<StorageInitializer>().Begin();
            }
            catch (Exception)
            {
                // Left to the host's start (see above); or the app was stopped meanwhile.
            }
        });
}
