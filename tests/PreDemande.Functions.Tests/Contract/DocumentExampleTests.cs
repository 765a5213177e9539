using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Contract;

/// <summary>
/// The examples of docs/openapi.json against their own schemas, with a JSON Schema 2020-12
/// validator the project did not write (JsonSchema.Net): an example a client would copy is one
/// the document accepts. Every operation shows its request body (if it has one) and its success
/// answer (if that answer has a JSON body).
/// </summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class DocumentExampleTests
{
    private static readonly JsonObject Document = JsonNode.Parse(File.ReadAllText(Repository.PathOf("docs", "openapi.json")))!.AsObject();

    [Fact]
    public void Every_example_of_the_document_validates_against_its_schema()
    {
        var failures = new List<string>();
        var count = 0;
        foreach (var (where, media) in Media())
        {
            if (media["example"] is not { } example)
            {
                continue;
            }

            count++;
            var results = SchemaOf(media["schema"]!, count).Evaluate(JsonSerializer.SerializeToElement(example), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            if (!results.IsValid)
            {
                var errors = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"  {d.InstanceLocation}: {e.Value}"));
                failures.Add($"{where}:\n{string.Join('\n', errors.Distinct())}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(count > 20, $"only {count} examples");
    }

    [Fact]
    public void Every_operation_shows_a_request_example_and_an_example_of_its_success_answer()
    {
        var missing = new List<string>();
        foreach (var (method, path, operation) in Operations())
        {
            foreach (var (mediaType, media) in operation["requestBody"]?["content"]?.AsObject() ?? [])
            {
                if (media!["example"] is null)
                {
                    missing.Add($"{method} {path}: request {mediaType}");
                }
            }

            var success = operation["responses"]!.AsObject().First(r => r.Key.StartsWith('2'));
            foreach (var (mediaType, media) in success.Value!["content"]?.AsObject() ?? [])
            {
                if (media!["example"] is null && mediaType.Contains("json", StringComparison.Ordinal))
                {
                    missing.Add($"{method} {path}: answer {success.Key} {mediaType}");
                }
            }
        }

        Assert.True(missing.Count == 0, "no example: " + string.Join('\n', missing));
    }

    private static IEnumerable<(string Method, string Path, JsonObject Operation)> Operations() =>
        from path in Document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        select (operation.Key.ToUpperInvariant(), path.Key, operation.Value!.AsObject());

    private static IEnumerable<(string Where, JsonObject Media)> Media()
    {
        foreach (var (method, path, operation) in Operations())
        {
            foreach (var (mediaType, media) in operation["requestBody"]?["content"]?.AsObject() ?? [])
            {
                yield return ($"{method} {path} request {mediaType}", media!.AsObject());
            }

            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                foreach (var (mediaType, media) in response!["content"]?.AsObject() ?? [])
                {
                    yield return ($"{method} {path} {status} {mediaType}", media!.AsObject());
                }
            }
        }
    }

    // The media's schema with every component beside it under $defs, as one 2020-12 schema.
    private static JsonSchema SchemaOf(JsonNode schema, int index)
    {
        var defs = Document["components"]!["schemas"]!.DeepClone().AsObject();
        defs["__media"] = schema.DeepClone();
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = defs,
            ["$ref"] = "#/$defs/__media",
        };
        var text = root.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        return JsonSchema.Build(JsonDocument.Parse(text).RootElement, baseUri: new Uri($"https://predemande.example/openapi/{index}"));
    }
}
