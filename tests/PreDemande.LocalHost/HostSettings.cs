using System.Globalization;
using System.Text.Json;

namespace PreDemande.LocalHost;

/// <summary>
/// How the stand-in host runs the triggers: the queue semantics come from host.json's
/// <c>extensions.queues</c> and <c>functionTimeout</c>, as in the Functions host (given to the
/// SDK's <c>QueuesOptions</c>); the polling paces may be shortened (tests) with the settings of
/// <c>LocalHostProgram</c>.
/// </summary>
public sealed record HostSettings
{
    /// <summary>Messages fetched per poll, and blob-trigger concurrency (host.json <c>batchSize</c>).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Dequeues after which a failing message goes to <c>&lt;queue&gt;-poison</c> (host.json <c>maxDequeueCount</c>).</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>Delay before a failed message (or blob version) runs again (host.json <c>visibilityTimeout</c>).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Longest wait between polls of an empty queue (host.json <c>maxPollingInterval</c>; at least 100 ms, the SDK's floor).</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Wait between two listings of a blob function's container by <see cref="BlobEvents"/> (Event Grid pushes events in Azure).</summary>
    public TimeSpan BlobPollingInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest invocation before the host gives up on it (host.json <c>functionTimeout</c>).</summary>
    public TimeSpan FunctionTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The settings host.json gives, over the defaults; the defaults alone when there is no such file.</summary>
    public static HostSettings FromHostJson(string path)
    {
        var settings = new HostSettings();
        if (!File.Exists(path))
        {
            return settings;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;
        if (root.TryGetProperty("functionTimeout", out var timeout))
        {
            settings = settings with { FunctionTimeout = Duration(timeout) };
        }

        if (!root.TryGetProperty("extensions", out var extensions) || !extensions.TryGetProperty("queues", out var queues))
        {
            return settings;
        }

        foreach (var setting in queues.EnumerateObject())
        {
            settings = setting.Name switch
            {
                "batchSize" => settings with { BatchSize = setting.Value.GetInt32() },
                "maxDequeueCount" => settings with { MaxDequeueCount = setting.Value.GetInt32() },
                "visibilityTimeout" => settings with { RetryDelay = Duration(setting.Value) },
                "maxPollingInterval" => settings with { MaxPollingInterval = Duration(setting.Value) },
                _ => settings, // messageEncoding is base64 here as there
            };
        }

        return settings;
    }

    private static TimeSpan Duration(JsonElement value) => TimeSpan.Parse(value.GetString()!, CultureInfo.InvariantCulture);
}
