using System.Text.Json;

namespace PreDemande.Functions.Hosting.Local;

/// <summary>Builds invocation bodies exactly as the Functions host sends them to a custom handler.</summary>
public static class HostPayloads
{
    /// <summary>Queue trigger: the message text as a JSON-encoded string, and the message's metadata.</summary>
    public static byte[] Queue(string messageText, string id, long dequeueCount, DateTimeOffset? insertedOn, DateTimeOffset? expiresOn)
    {
        return Write(writer =>
        {
            writer.WriteStartObject("Data");
            writer.WriteString("message", JsonSerializer.Serialize(messageText, HostJsonContext.Default.String));
            writer.WriteEndObject();
            writer.WriteStartObject("Metadata");
            writer.WriteString("Id", JsonSerializer.Serialize(id, HostJsonContext.Default.String));
            writer.WriteString("DequeueCount", dequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("InsertionTime", JsonSerializer.Serialize(insertedOn, HostJsonContext.Default.NullableDateTimeOffset));
            writer.WriteString("ExpirationTime", JsonSerializer.Serialize(expiresOn, HostJsonContext.Default.NullableDateTimeOffset));
            writer.WriteEndObject();
        });
    }

    /// <summary>Blob trigger: the content as base64, the path parameters and the blob's properties.</summary>
    public static byte[] Blob(ReadOnlySpan<byte> content, IReadOnlyDictionary<string, string> pathParameters, Uri uri, string etag, long length, string? contentType, IDictionary<string, string> metadata)
    {
        var base64 = Convert.ToBase64String(content);
        return Write(writer =>
        {
            writer.WriteStartObject("Data");
            writer.WriteString("blob", base64);
            writer.WriteEndObject();
            writer.WriteStartObject("Metadata");
            foreach (var (name, value) in pathParameters)
            {
                writer.WriteString(name, JsonSerializer.Serialize(value, HostJsonContext.Default.String));
            }

            writer.WriteString("Uri", JsonSerializer.Serialize(uri.ToString(), HostJsonContext.Default.String));
            writer.WriteStartObject("Properties");
            writer.WriteString("ETag", etag);
            writer.WriteNumber("Length", length);
            writer.WriteString("ContentType", contentType);
            writer.WriteEndObject();
            writer.WriteStartObject("Metadata");
            foreach (var (key, value) in metadata)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(DateTimeOffset?))]
internal sealed partial class HostJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
