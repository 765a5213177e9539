using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>
/// The committed AsyncAPI document (<c>docs/asyncapi.json</c>) as the tests read it: which channel
/// a queue is, and the JSON Schema of that channel's message payload, with the document's
/// <c>#/components/schemas/…</c> references resolved (they become <c>$defs</c> of one schema).
/// </summary>
public sealed class AsyncApi
{
    private static readonly EvaluationOptions Strict = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private AsyncApi(JsonObject document) => Document = document;

    public static AsyncApi Committed { get; } = new(JsonNode.Parse(File.ReadAllText(Repository.PathOf("docs", "asyncapi.json")))!.AsObject());

    public JsonObject Document { get; }

    /// <summary>The channels by key, each with its address as a pattern (a parameter such as <c>{departement}</c> stands for any queue-name part).</summary>
    public IReadOnlyDictionary<string, Regex> Addresses =>
        Document["channels"]!.AsObject().ToDictionary(
            c => c.Key,
            c => new Regex("^" + Regex.Replace(Regex.Escape(c.Value!["address"]!.GetValue<string>()), @"\\\{[A-Za-z]+}", "[a-z0-9]+(-[a-z0-9]+)*") + "$", RegexOptions.None, TimeSpan.FromSeconds(1)));

    /// <summary>The key of the channel whose address is this queue, or null when the document does not describe it.</summary>
    public string? ChannelOf(string queue) => Addresses.Where(a => a.Value.IsMatch(queue)).Select(a => a.Key).SingleOrDefault();

    /// <summary>The schema of the payload of the channel's one message.</summary>
    public JsonSchema PayloadSchema(string channel)
    {
        var message = Assert.Single(Document["channels"]![channel]!["messages"]!.AsObject()).Value!;
        var component = Resolve(message["$ref"]!.GetValue<string>());
        var payload = component["payload"]!["$ref"]!.GetValue<string>();
        var schemas = Document["components"]!["schemas"]!.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$ref"] = payload.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal),
            ["$defs"] = JsonNode.Parse(schemas),
        };
        return JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://predemande.test/asyncapi/{channel}.json"));
    }

    /// <summary>Why the payload does not match the schema (instance location and message of each failure); empty when it does.</summary>
    public static IReadOnlyList<string> Errors(JsonSchema schema, string json)
    {
        using var payload = JsonDocument.Parse(json);
        var results = schema.Evaluate(payload.RootElement, Strict);
        return results.IsValid
            ? []
            : (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
                .DefaultIfEmpty("invalid")
                .ToArray();
    }

    private JsonNode Resolve(string reference) =>
        reference.TrimStart('#', '/').Split('/').Aggregate((JsonNode)Document, (node, part) => node[part]!);
}
