using System.Diagnostics;

namespace PreDemande.Functions.Telemetry;

/// <summary>
/// One pre-application's path as one trace: the W3C <c>traceparent</c> of the request (or
/// invocation) that produced a message or a blob travels in it — a <c>traceparent</c> member of
/// the JSON messages, a <c>traceparent</c> metadata of the canonical document blob — and the
/// invocation that consumes it continues that trace.
/// </summary>
public static class TraceContext
{
    public const string Name = "traceparent";

    /// <summary>The current trace, to write into what is produced now; null when nothing is traced.</summary>
    public static string? Current => Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id : null;
}
