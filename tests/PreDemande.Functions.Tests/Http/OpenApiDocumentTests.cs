using System.Net;
using System.Text.Json.Nodes;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Http;

[Trait(Tier.Name, Tier.Http)]
public sealed class OpenApiDocumentTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>
{
    // scripts/openapi.sh sets it to write the generated document over the committed one.
    private const string WriteSetting = "PREDEMANDE_WRITE_OPENAPI";
    private const string DocumentFunction = "OpenApiDocument";

    private static string CommittedPath => Repository.PathOf("docs", "openapi.json");

    [Fact]
    public async Task The_document_is_served_without_a_key_as_openapi_3_1()
    {
        var response = await app.CreateClient().GetAsync("/api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.JsonAsync();
        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_committed_docs_openapi_json_is_the_document_the_app_generates()
    {
        var generated = (await (await app.CreateClient().GetAsync("/api/openapi.json")).JsonAsync()).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        if (Environment.GetEnvironmentVariable(WriteSetting) == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, generated);
        }

        var committed = await File.ReadAllTextAsync(CommittedPath);
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(committed), JsonNode.Parse(generated)),
            "docs/openapi.json is not the document the endpoints generate: run scripts/openapi.sh and commit the result.");
    }

    [Fact]
    public async Task Every_http_function_is_an_operation_of_the_document_and_every_operation_is_a_function()
    {
        var document = await (await app.CreateClient().GetAsync("/api/openapi.json")).JsonAsync();
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Method: op.Key.ToUpperInvariant(), Path: path.Key, Id: op.Value!["operationId"]?.GetValue<string>())))
            .ToHashSet();
        var functions = app.Declarations
            .Where(d => d.Kind == TriggerKind.Http && d.Name != DocumentFunction)
            .SelectMany(d => d.Methods.Select(m => (Method: m, Path: d.AppPath, Id: (string?)d.Name)))
            .ToHashSet();

        Assert.NotEmpty(functions);
        Assert.Equal(functions.Order(), operations.Order());
        Assert.Contains(app.Declarations, d => d.Name == DocumentFunction && d.AppPath == "/api/openapi.json");
    }

    [Fact]
    public async Task Operations_that_need_a_client_name_both_security_schemes_and_answer_401_and_403()
    {
        var document = await (await app.CreateClient().GetAsync("/api/openapi.json")).JsonAsync();
        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("X-Api-Key", schemes["ApiKey"]!["name"]!.GetValue<string>());
        Assert.Equal("x-rdv-opt-auth-token", schemes["BookingToken"]!["name"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["Bearer"]!["scheme"]!.GetValue<string>());

        var submit = document["paths"]!["/api/predemandes"]!["post"]!;
        Assert.Equal(["ApiKey", "Bearer"], submit["security"]!.AsArray().Select(r => r!.AsObject().Single().Key));
        Assert.NotNull(submit["responses"]!["401"]);
        Assert.NotNull(submit["responses"]!["403"]);
        Assert.NotNull(submit["responses"]!["413"]);
        Assert.NotNull(submit["responses"]!["415"]);
        Assert.Equal("passport", submit["requestBody"]!["content"]!["application/json"]!["example"]!["titles"]![0]!.GetValue<string>());

        var status = document["paths"]!["/api/status"]!["get"]!;
        Assert.Equal(["BookingToken", "Bearer"], status["security"]!.AsArray().Select(r => r!.AsObject().Single().Key));

        var health = document["paths"]!["/api/health"]!["get"]!;
        Assert.Empty(health["security"]!.AsArray());
    }
}
