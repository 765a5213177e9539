using System.Text;
using System.Text.Json;

namespace PreDemande.Functions.Hosting;

/// <summary>
/// A non-HTTP invocation as the Functions host sends it to a custom handler:
/// <c>{"Data": {binding: value}, "Metadata": {key: value}}</c>. String values arrive JSON-encoded,
/// sometimes twice; byte arrays arrive as base64. The accessors undo both.
/// </summary>
public sealed class Invocation
{
    private readonly Dictionary<string, JsonElement> _data;
    private readonly Dictionary<string, JsonElement> _metadata;

    private Invocation(Dictionary<string, JsonElement> data, Dictionary<string, JsonElement> metadata)
    {
        _data = data;
        _metadata = metadata;
    }

    /// <summary>Parses the host's request body; throws <see cref="JsonException"/> when it is not an invocation.</summary>
    public static Invocation Parse(ReadOnlySpan<byte> body)
    {
        using var document = JsonDocument.Parse(body.ToArray());
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("An invocation is a JSON object with Data and Metadata.");
        }

        return new Invocation(Section(document.RootElement, "Data"), Section(document.RootElement, "Metadata"));
    }

    public IReadOnlyDictionary<string, JsonElement> Metadata => _metadata;

    /// <summary>
    /// The trace this invocation continues (<see cref="Telemetry.TraceContext"/>): a queue
    /// message's <c>traceparent</c> member (the host merges a JSON message's members into the
    /// metadata) or a blob's <c>traceparent</c> metadata; none otherwise.
    /// </summary>
    public System.Diagnostics.ActivityContext TraceParent()
    {
        var traceparent = MetadataString(Telemetry.TraceContext.Name);
        if (traceparent is null
            && _metadata.TryGetValue("Metadata", out var blobMetadata)
            && blobMetadata.ValueKind == JsonValueKind.Object
            && blobMetadata.TryGetProperty(Telemetry.TraceContext.Name, out var value)
            && value.ValueKind == JsonValueKind.String)
        {
            traceparent = value.GetString();
        }

        return traceparent is not null && System.Diagnostics.ActivityContext.TryParse(traceparent, null, out var parent) ? parent : default;
    }

    /// <summary>A binding's value as text (a queue message, for instance).</summary>
    public string? DataString(string binding) => _data.TryGetValue(binding, out var value) ? AsText(value) : null;

    /// <summary>A binding's value as bytes (a blob's content): base64 decoded, or the UTF-8 of a text value.</summary>
    public byte[]? DataBytes(string binding)
    {
        if (!_data.TryGetValue(binding, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            return value.EnumerateArray().Select(b => b.GetByte()).ToArray();
        }

        var text = AsText(value);
        if (text is null)
        {
            return null;
        }

        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : Encoding.UTF8.GetBytes(text);
    }

    /// <summary>A metadata value as text (blob path parameters such as <c>name</c>, <c>Uri</c>, <c>DequeueCount</c>); null when absent or not a scalar.</summary>
    public string? MetadataString(string key) =>
        _metadata.TryGetValue(key, out var value) && Unwrap(value).ValueKind is not (JsonValueKind.Object or JsonValueKind.Array) ? AsText(value) : null;

    /// <summary>A metadata value the function cannot do without: a missing or non-text value fails the invocation, saying which.</summary>
    public string RequiredMetadata(string key) =>
        MetadataString(key) is { Length: > 0 } value
            ? value
            : throw new InvalidInvocationException($"metadata {key} is missing or not text");

    /// <summary>A binding's text the function cannot do without (a queue message).</summary>
    public string RequiredDataString(string binding) =>
        DataString(binding) ?? throw new InvalidInvocationException($"data {binding} is missing");

    /// <summary>A binding's content the function cannot do without.</summary>
    public byte[] RequiredDataBytes(string binding) =>
        DataBytes(binding) ?? throw new InvalidInvocationException($"data {binding} is missing");

    private static Dictionary<string, JsonElement> Section(JsonElement root, string name)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in root.EnumerateObject())
        {
            if (!property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var section = Unwrap(property.Value);
            if (section.ValueKind == JsonValueKind.Object)
            {
                foreach (var item in section.EnumerateObject())
                {
                    result[item.Name] = item.Value.Clone();
                }
            }
        }

        return result;
    }

    // A value that is a JSON string holding a JSON object or array is read as that object or array.
    private static JsonElement Unwrap(JsonElement value) =>
        Decode(value, text => text.TrimStart() is [ '{' or '[' or '"', ..]);

    // "\"text\"" (a string encoded as JSON once more) is read as "text".
    private static JsonElement UnwrapString(JsonElement value) =>
        Decode(value, text => text is [ '"', .., '"' ]);

    // Parses a string value as JSON again, up to three times, while it looks encoded.
    private static JsonElement Decode(JsonElement value, Func<string, bool> looksEncoded)
    {
        for (var depth = 0; depth < 3 && value.ValueKind == JsonValueKind.String; depth++)
        {
            var text = value.GetString()!;
            if (!looksEncoded(text))
            {
                break;
            }

            try
            {
                using var inner = JsonDocument.Parse(text);
                value = inner.RootElement.Clone();
            }
            catch (JsonException)
            {
                break;
            }
        }

        return value;
    }

    private static string? AsText(JsonElement value)
    {
        value = UnwrapString(value);
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        };
    }
}

/// <summary>An invocation without what its function needs: a logged failure, never a silent wrong branch.</summary>
public sealed class InvalidInvocationException(string message) : Exception(message);
