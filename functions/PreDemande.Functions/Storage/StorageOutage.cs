using Azure;

namespace PreDemande.Functions.Storage;

/// <summary>
/// Whether a failure says that storage (or another service reached through Azure.Core) could not
/// be reached or answer for a while: no answer at all (status 0: refused, reset, timed out),
/// 408, 429 or a 5xx, alone or as the failed tries of the client's retry policy
/// (<see cref="AggregateException"/>). Anything else (404, 409, 412, a bad document, a rule
/// broken) is not an outage: waiting would not change it.
/// </summary>
public static class StorageOutage
{
    public static bool Is(Exception exception, CancellationToken invocation) => exception switch
    {
        RequestFailedException { Status: 0 or 408 or 429 or 500 or 502 or 503 or 504 } => true,
        // A client's own timeout (its network timeout), not the invocation being cancelled.
        OperationCanceledException => !invocation.IsCancellationRequested,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(inner => Is(inner, invocation)),
        _ => false,
    };
}
