using System.Text.Json;

namespace PreDemande.LocalHost;

public enum TriggerKind
{
    Queue,
    Blob,
    Timer,
}

/// <summary>A non-HTTP function as its function.json declares it.</summary>
/// <param name="Name">The folder of its function.json: the app serves it on <c>POST /{Name}</c>.</param>
/// <param name="Target">Queue: the queue name; blob: <c>container/{pattern}</c>; timer: the NCRONTAB schedule.</param>
public sealed record HostedFunction(string Name, TriggerKind Kind, string Target)
{
    /// <summary>For blob triggers: the container part of the path.</summary>
    public string Container => Target[..Target.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>For blob triggers: the blob-name pattern after the container.</summary>
    public string BlobPattern => Target[(Target.IndexOf('/', StringComparison.Ordinal) + 1)..];
}

/// <summary>Reads the function.json files of a deployment folder (<c>{dir}/{Function}/function.json</c>), as the Functions host does at start.</summary>
public static class FunctionMetadata
{
    /// <summary>The queue, blob and timer functions of <paramref name="directory"/>; HTTP functions are served by the app itself.</summary>
    public static IReadOnlyList<HostedFunction> Read(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"No function metadata in {directory}: write it with PreDemande.Functions --write-function-metadata {directory}");
        }

        var functions = new List<HostedFunction>();
        foreach (var file in Directory.EnumerateFiles(directory, "function.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(Path.GetDirectoryName(file))!;
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var binding in document.RootElement.GetProperty("bindings").EnumerateArray())
            {
                if (binding.GetProperty("direction").GetString() != "in")
                {
                    continue;
                }

                HostedFunction? function = binding.GetProperty("type").GetString() switch
                {
                    "queueTrigger" => new(name, TriggerKind.Queue, binding.GetProperty("queueName").GetString()!),
                    "blobTrigger" => new(name, TriggerKind.Blob, binding.GetProperty("path").GetString()!),
                    "timerTrigger" => new(name, TriggerKind.Timer, binding.GetProperty("schedule").GetString()!),
                    "httpTrigger" => null,
                    var other => throw new InvalidDataException($"{file}: trigger type {other} is not one the stand-in host runs"),
                };
                if (function is not null && binding.GetProperty("name").GetString() != HostPayloads.DataName(function.Kind))
                {
                    throw new InvalidDataException($"{file}: the trigger binding must be named {HostPayloads.DataName(function.Kind)}, the name under which the stand-in host sends it");
                }

                if (function is not null)
                {
                    functions.Add(function);
                }
            }
        }

        return functions;
    }
}
