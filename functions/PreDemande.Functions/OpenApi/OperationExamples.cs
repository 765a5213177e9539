using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using PreDemande.Functions.Hosting;

namespace PreDemande.Functions.OpenApi;

/// <summary>
/// An example of each operation's request body and of its success answer, from
/// docs/examples/operations.json (by operation id; fictitious people), the submission's from
/// docs/examples/passport-adult.json. A test validates each against its schema.
/// </summary>
internal static class OperationExamples
{
    private static readonly Lazy<JsonObject> All = new(() => JsonNode.Parse(Read("operations.json"))!.AsObject());

    private static readonly Lazy<JsonNode> Submission = new(() => JsonNode.Parse(Read("passport-adult.json"))!);

    public static void Apply(OpenApiOperation operation, string? name)
    {
        if (name is null)
        {
            return;
        }

        var examples = All.Value[name] as JsonObject;
        var request = name == "SubmitPreApplication" ? Submission.Value : examples?["request"];
        if (request is not null)
        {
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
            {
                media.Example = request.DeepClone();
            }
        }

        var success = operation.Responses?
            .Where(r => r.Key.StartsWith('2') && r.Value.Content is { Count: > 0 })
            .Select(r => r.Value)
            .FirstOrDefault();
        if (examples?["response"] is { } response && success?.Content is { } content)
        {
            foreach (var media in content.Values)
            {
                media.Example = response.DeepClone();
            }
        }
    }

    private static string Read(string name)
    {
        using var stream = EmbeddedFiles.Open($"PreDemande.Examples.{name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
