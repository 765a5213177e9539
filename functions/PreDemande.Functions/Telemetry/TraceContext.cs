using System.Diagnostics;
using System.Text.Json;
using PreDemande.Functions.Hosting;

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

    /// <summary>
    /// The parent of an invocation: a queue message's <c>traceparent</c> member (the host merges a
    /// JSON message's members into the metadata) or a blob's <c>traceparent</c> metadata.
    /// </summary>
    public static ActivityContext ParentOf(Invocation invocation)
    {
        var traceparent = invocation.MetadataString(Name);
        if (traceparent is null
            && invocation.Metadata.TryGetValue("Metadata", out var blobMetadata)
            && blobMetadata.ValueKind == JsonValueKind.Object
            && blobMetadata.TryGetProperty(Name, out var value)
            && value.ValueKind == JsonValueKind.String)
        {
            traceparent = value.GetString();
        }

        return traceparent is not null && ActivityContext.TryParse(traceparent, null, out var parent) ? parent : default;
    }
}
