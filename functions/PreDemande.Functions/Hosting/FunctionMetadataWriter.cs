using System.Text.Json;

namespace PreDemande.Functions.Hosting;

/// <summary>
/// Writes the function.json of every declared function, one folder per function, as the
/// Functions host reads them from the deployment package. Run by
/// <c>PreDemande.Functions --write-function-metadata DIR</c> (see scripts/package.sh).
/// </summary>
public static class FunctionMetadataWriter
{
    public const string Argument = "--write-function-metadata";

    public static IReadOnlyList<string> Write(IEnumerable<FunctionDeclaration> declarations, string directory)
    {
        var written = new List<string>();
        foreach (var declaration in declarations.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var folder = Path.Combine(directory, declaration.Name);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, "function.json");
            File.WriteAllBytes(path, ToJson(declaration));
            written.Add(path);
        }

        return written;
    }

    public static byte[] ToJson(FunctionDeclaration declaration)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("bindings");
            WriteTrigger(writer, declaration);
            if (declaration.Kind == TriggerKind.Http)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "http");
                writer.WriteString("direction", "out");
                writer.WriteString("name", "res");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteTrigger(Utf8JsonWriter writer, FunctionDeclaration declaration)
    {
        writer.WriteStartObject();
        writer.WriteString("direction", "in");
        switch (declaration.Kind)
        {
            case TriggerKind.Http:
                writer.WriteString("type", "httpTrigger");
                writer.WriteString("name", "req");
                // API keys are checked by the app itself (X-Api-Key), not by function keys.
                writer.WriteString("authLevel", "anonymous");
                writer.WriteString("route", declaration.Target);
                writer.WriteStartArray("methods");
                foreach (var method in declaration.Methods)
                {
                    writer.WriteStringValue(method.ToLowerInvariant());
                }

                writer.WriteEndArray();
                break;
            case TriggerKind.Queue:
                writer.WriteString("type", "queueTrigger");
                writer.WriteString("name", "message");
                writer.WriteString("queueName", declaration.Target);
                writer.WriteString("connection", FunctionDeclaration.StorageConnection);
                // The message arrives as text (JSON-encoded once more by the host: see HostPayloads).
                writer.WriteString("dataType", "string");
                break;
            case TriggerKind.Blob:
                writer.WriteString("type", "blobTrigger");
                writer.WriteString("name", "blob");
                writer.WriteString("path", declaration.Target);
                writer.WriteString("connection", FunctionDeclaration.StorageConnection);
                // Flex Consumption only supports Event Grid blob triggers.
                writer.WriteString("source", "EventGrid");
                writer.WriteString("dataType", "binary");
                break;
            case TriggerKind.Timer:
                writer.WriteString("type", "timerTrigger");
                writer.WriteString("name", "timer");
                writer.WriteString("schedule", declaration.Target);
                break;
            default:
                throw new InvalidOperationException($"Unknown trigger {declaration.Kind}");
        }

        writer.WriteEndObject();
    }
}
