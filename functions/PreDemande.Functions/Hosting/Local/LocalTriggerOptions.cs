using System.Text.Json;

namespace PreDemande.Functions.Hosting.Local;

/// <summary>
/// Settings of the local trigger mode, all under <c>PreDemande:LocalTriggers</c>: the section's
/// own value (<c>PreDemande__LocalTriggers=true</c>) or <c>Enabled</c> turns it on; the queue
/// semantics default to host.json's <c>extensions.queues</c>, so the app retries as the
/// Functions host would.
/// </summary>
public sealed class LocalTriggerOptions
{
    public const string Section = "PreDemande:LocalTriggers";

    /// <summary>Run the queue and blob triggers in the app (no Functions host).</summary>
    public bool Enabled { get; set; }

    /// <summary>Binds the section: host.json first, then the settings; <c>PreDemande__LocalTriggers=true</c> enables.</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        services.Configure<LocalTriggerOptions>(o => ApplyHostJson(o, Path.Combine(AppContext.BaseDirectory, "host.json")));
        services.Configure<LocalTriggerOptions>(section);
        services.PostConfigure<LocalTriggerOptions>(o => o.Enabled |= bool.TryParse(section.Value, out var enabled) && enabled);
    }

    /// <summary>Messages fetched per poll (host.json <c>batchSize</c>).</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Dequeues after which a failing message goes to <c>&lt;queue&gt;-poison</c> (host.json <c>maxDequeueCount</c>).</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Delay before a failed message is visible again (host.json <c>visibilityTimeout</c>).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Longest wait between polls of an empty queue (host.json <c>maxPollingInterval</c>).</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Shortest wait between polls, right after a message was seen.</summary>
    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a message stays invisible while a handler works on it.</summary>
    public TimeSpan ProcessingVisibility { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Wait between two listings of a watched blob container.</summary>
    public TimeSpan BlobPollingInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Reads <c>extensions.queues</c> of host.json, when the file is there.</summary>
    public static void ApplyHostJson(LocalTriggerOptions options, string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!document.RootElement.TryGetProperty("extensions", out var extensions) || !extensions.TryGetProperty("queues", out var queues))
        {
            return;
        }

        foreach (var setting in queues.EnumerateObject())
        {
            switch (setting.Name)
            {
                case "batchSize":
                    options.BatchSize = setting.Value.GetInt32();
                    break;
                case "maxDequeueCount":
                    options.MaxDequeueCount = setting.Value.GetInt32();
                    break;
                case "visibilityTimeout":
                    options.RetryDelay = TimeSpan.Parse(setting.Value.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "maxPollingInterval":
                    options.MaxPollingInterval = TimeSpan.Parse(setting.Value.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                    break;
            }
        }
    }
}
