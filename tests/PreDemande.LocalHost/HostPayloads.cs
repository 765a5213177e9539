using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues.Models;

namespace PreDemande.LocalHost;

/// <summary>
/// Invocation bodies as the Functions host writes them for a custom handler, so that the stand-in
/// host (and through it every test) feeds the functions what Azure will. The rules, from
/// the host's source (Azure/azure-functions-host, 4.1037):
/// <list type="bullet">
/// <item><c>Workers/MessageExtensions/ScriptInvocationContextExtensions.cs</c>,
/// <c>ToHttpScriptInvocationContext</c>: binding data whose key ends in "trigger" is left out,
/// null values too; <c>GetHttpScriptInvocationContextValue</c>: <c>byte[]</c> stays bytes
/// (<c>dataType: binary</c>) or becomes base64; a <c>DateTimeOffset</c> is re-parsed from its
/// <c>ToString()</c> (whole seconds); anything else is <c>JObject.FromObject</c> (objects stay
/// nested JSON) or, when that throws (strings, numbers, booleans, <c>Uri</c>, arrays),
/// <c>JsonConvert.SerializeObject</c>: a string then holds JSON, so a string arrives encoded
/// twice and a number arrives as a string (<c>DequeueCount</c>: <c>"1"</c>).</item>
/// <item><c>Workers/MessageExtensions/HttpScriptInvocationContextExtensions.cs</c>: the body is
/// <c>{"Data": …, "Metadata": …}</c> written by Newtonsoft's <c>JsonMediaTypeFormatter</c>
/// (PascalCase, enums as numbers, <c>Azure.ETag</c> as <c>{}</c>: it has no public property).</item>
/// <item>Binding data: the queue trigger's (Azure/azure-sdk-for-net,
/// <c>Microsoft.Azure.WebJobs.Extensions.Storage.Queues/src/Triggers/QueueTriggerBinding.cs</c>,
/// <c>CreateBindingData</c>), where the top-level members of a JSON message are merged in and
/// win over the built-in names; the blob trigger's <c>BlobTrigger</c>, <c>Uri</c>,
/// <c>Properties</c> (a whole <c>BlobProperties</c>: the size is <c>ContentLength</c>),
/// <c>Metadata</c> and the path parameters; and <c>sys</c>, whose only instance member is
/// <c>MethodName</c> (azure-webjobs-sdk, <c>Bindings/SystemBindingData.cs</c>).</item>
/// </list>
/// tests/PreDemande.Functions.Tests/Hosting/HostPayloads/ holds payloads written by hand from
/// these rules; a test checks that this class writes the same.
/// </summary>
public static class HostPayloads
{
    // Newtonsoft escapes only quotes, backslashes and control characters.
    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The name of the trigger's value in <c>Data</c>: its binding's name in function.json.</summary>
    public static string DataName(TriggerKind kind) => kind switch
    {
        TriggerKind.Queue => "message",
        TriggerKind.Blob => "blob",
        TriggerKind.Timer => "timer",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Queue trigger (<c>dataType: string</c>): the message text as <c>Data.message</c>, the message's binding data.</summary>
    public static byte[] Queue(string function, QueueMessage message, DateTimeOffset now)
    {
        var text = message.Body.ToString();
        var data = new Dictionary<string, Value>(StringComparer.OrdinalIgnoreCase)
        {
            ["QueueTrigger"] = Value.Text(text),
            ["DequeueCount"] = Value.Number(message.DequeueCount),
            ["ExpirationTime"] = Value.Instant(message.ExpiresOn ?? DateTimeOffset.MaxValue),
            ["Id"] = Value.Text(message.MessageId),
            ["InsertionTime"] = Value.Instant(message.InsertedOn ?? now),
            ["NextVisibleTime"] = Value.Instant(message.NextVisibleOn ?? DateTimeOffset.MaxValue),
            ["PopReceipt"] = Value.Text(message.PopReceipt),
        };
        foreach (var (name, value) in JsonMembers(text))
        {
            data[name] = value; // the message's own members win, as in the queue extension
        }

        return Write(w => w.WriteString("message", Encoded(text)), data, function);
    }

    /// <summary>Blob trigger (<c>dataType: binary</c>): the content in base64 as <c>Data.blob</c>, the blob's binding data.</summary>
    public static byte[] Blob(string function, ReadOnlySpan<byte> content, IReadOnlyDictionary<string, string> pathParameters, Uri uri, BlobProperties properties)
    {
        var base64 = Convert.ToBase64String(content);
        var data = new Dictionary<string, Value>(StringComparer.OrdinalIgnoreCase) { ["BlobTrigger"] = Value.Text(uri.AbsolutePath) };
        foreach (var (name, value) in pathParameters)
        {
            data[name] = Value.Text(value);
        }

        data["Uri"] = Value.Text(uri.ToString());
        data["Properties"] = Value.Object(w => BlobPropertiesJson.Write(w, properties));
        if (properties.Metadata is { } metadata)
        {
            data["Metadata"] = new Value((w, name) => BlobPropertiesJson.WriteMetadata(w, name, metadata));
        }

        return Write(w => w.WriteString("blob", base64), data, function);
    }

    /// <summary>Timer trigger: the <c>TimerInfo</c> as <c>Data.timer</c>; no binding data but <c>sys</c>.</summary>
    public static byte[] Timer(string function, DateTimeOffset last, DateTimeOffset next, bool isPastDue) =>
        Write(
            w =>
            {
                w.WriteStartObject("timer");
                w.WriteStartObject("Schedule");
                w.WriteBoolean("AdjustForDST", true);
                w.WriteEndObject();
                w.WriteStartObject("ScheduleStatus");
                w.WriteString("Last", NestedInstant(last));
                w.WriteString("Next", NestedInstant(next));
                w.WriteString("LastUpdated", NestedInstant(last));
                w.WriteEndObject();
                w.WriteBoolean("IsPastDue", isPastDue);
                w.WriteEndObject();
            },
            new Dictionary<string, Value>(StringComparer.OrdinalIgnoreCase),
            function);

    /// <summary>A DateTimeOffset inside a nested object, as Newtonsoft writes it.</summary>
    internal static string NestedInstant(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private static byte[] Write(Action<Utf8JsonWriter> writeData, Dictionary<string, Value> bindingData, string function)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Writer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("Data");
            writeData(writer);
            writer.WriteEndObject();
            writer.WriteStartObject("Metadata");
            bindingData["sys"] = Value.Object(w => w.WriteString("MethodName", function));
            foreach (var (name, value) in bindingData)
            {
                if (!name.EndsWith("trigger", StringComparison.OrdinalIgnoreCase) && !value.IsNull)
                {
                    value.WriteTo(writer, name);
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    // JsonConvert.SerializeObject of a string: the string as a JSON literal.
    private static string Encoded(string text)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Writer))
        {
            writer.WriteStringValue(text);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    // The top-level members of a JSON object message, as binding data values.
    private static (string Name, Value Value)[] JsonMembers(string text)
    {
        if (!text.TrimStart().StartsWith('{'))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.EnumerateObject().Select(p => (p.Name, Value.Json(p.Value.Clone()))).ToArray();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>A binding data value and how the host writes it.</summary>
    private sealed class Value
    {
        private readonly Action<Utf8JsonWriter, string>? _write;

        public Value(Action<Utf8JsonWriter, string>? write) => _write = write;

        public bool IsNull => _write is null;

        public static Value Text(string? text) => new(text is null ? null : (w, name) => w.WriteString(name, Encoded(text)));

        public static Value Number(long number) => new((w, name) => w.WriteString(name, number.ToString(CultureInfo.InvariantCulture)));

        public static Value Instant(DateTimeOffset instant) => new((w, name) => w.WriteString(name, instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)));

        public static Value Object(Action<Utf8JsonWriter> members) => new((w, name) =>
        {
            w.WriteStartObject(name);
            members(w);
            w.WriteEndObject();
        });

        // A member of a JSON message: objects nested, other values through SerializeObject.
        public static Value Json(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => new(null),
            JsonValueKind.String => Text(element.GetString()),
            JsonValueKind.Object => new((w, name) =>
            {
                w.WritePropertyName(name);
                element.WriteTo(w);
            }),
            _ => new((w, name) => w.WriteString(name, Compact(element))),
        };

        public void WriteTo(Utf8JsonWriter writer, string name) => _write!(writer, name);

        private static string Compact(JsonElement element)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, Writer))
            {
                element.WriteTo(writer);
            }

            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
    }
}
