using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Hosting;

[Trait(Tier.Name, Tier.Http)]
public sealed class CustomHandlerTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>
{
    [Fact]
    public async Task The_generated_function_json_set_matches_the_functions_the_app_serves()
    {
        var directory = Directory.CreateTempSubdirectory("predemande-functions-").FullName;
        try
        {
            var (exitCode, output) = await AppProcess.RunAsync(new Dictionary<string, string>(), FunctionMetadataWriter.Argument, directory);
            Assert.True(exitCode == 0, output);

            var generated = Directory.GetDirectories(directory).ToDictionary(
                d => Path.GetFileName(d),
                d => JsonNode.Parse(File.ReadAllText(Path.Combine(d, "function.json")))!["bindings"]!.AsArray());
            var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToArray();
            var served = app.Declarations.ToDictionary(d => d.Name, d => (
                Endpoint: endpoints.Single(e => e.Metadata.GetMetadata<FunctionName>()?.Name == d.Name || e.Metadata.GetMetadata<FunctionDeclaration>()?.Name == d.Name),
                Declaration: d));

            Assert.NotEmpty(generated);
            Assert.Equal(served.Keys.Order(), generated.Keys.Order());
            foreach (var (name, bindings) in generated)
            {
                var trigger = bindings.Single(b => b!["direction"]!.GetValue<string>() == "in")!;
                var endpoint = served[name].Endpoint;
                var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods;
                switch (trigger["type"]!.GetValue<string>())
                {
                    case "httpTrigger":
                        Assert.Equal("/api/" + trigger["route"]!.GetValue<string>(), endpoint.RoutePattern.RawText!.TrimEnd('/'));
                        Assert.Equal(trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>().ToUpperInvariant()).Order(), methods.Order());
                        Assert.Contains(bindings, b => b!["type"]!.GetValue<string>() == "http" && b["direction"]!.GetValue<string>() == "out");
                        break;
                    case "queueTrigger":
                        Assert.Equal("/" + name, endpoint.RoutePattern.RawText);
                        Assert.Equal(["POST"], methods);
                        Assert.Equal(served[name].Declaration!.Target, trigger["queueName"]!.GetValue<string>());
                        break;
                    case "blobTrigger":
                        Assert.Equal("/" + name, endpoint.RoutePattern.RawText);
                        Assert.Equal("EventGrid", trigger["source"]!.GetValue<string>());
                        Assert.Equal(served[name].Declaration!.Target, trigger["path"]!.GetValue<string>());
                        break;
                    case "timerTrigger":
                        Assert.Equal("/" + name, endpoint.RoutePattern.RawText);
                        Assert.Equal(served[name].Declaration!.Target, trigger["schedule"]!.GetValue<string>());
                        Assert.Equal(6, trigger["schedule"]!.GetValue<string>().Split(' ').Length);
                        break;
                    default:
                        Assert.Fail($"{name}: unexpected trigger {trigger["type"]}");
                        break;
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_app_listens_on_the_port_the_host_gives_and_answers_the_readiness_probe()
    {
        await using var process = await RunningApp.StartAsync(new Dictionary<string, string> { ["AzureWebJobsStorage"] = app.Azurite.ConnectionString });
        using var client = new HttpClient { BaseAddress = process.BaseAddress };

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/health")).StatusCode);
    }
}
