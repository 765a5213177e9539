using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Storage;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Infra;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ProvisioningTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>
{
    private IReadOnlyList<FunctionDeclaration> Declarations => app.Declarations;

    [Fact]
    public async Task Every_container_queue_and_table_the_app_uses_is_provisioned_by_the_bicep()
    {
        var template = await CompiledTemplateAsync();
        var storage = Variables(template, "storage");
        var provisionedContainers = Strings(storage["containers"]).Append(storage["archiveContainer"]!.GetValue<string>()).ToHashSet();
        var provisionedQueues = Strings(storage["queues"]).ToHashSet();
        var provisionedTables = Strings(storage["tables"]).ToHashSet();

        var required = StorageNames.Required(Declarations);

        Assert.All(required.Containers, c => Assert.Contains(c, provisionedContainers));
        Assert.All(required.Queues, q => Assert.Contains(q, provisionedQueues));
        Assert.All(required.Tables, t => Assert.Contains(t, provisionedTables));
    }

    [Fact]
    public async Task Every_blob_triggered_function_gets_an_event_grid_subscription_on_its_container()
    {
        var template = await CompiledTemplateAsync();
        var triggers = Variables(template, "predemande-resources")["blobTriggers"]!.AsArray()
            .Select(t => (Function: t!["function"]!.GetValue<string>(), Container: t["container"]!.GetValue<string>()))
            .ToHashSet();

        var declared = Declarations.Where(d => d.Kind == TriggerKind.Blob).Select(d => (Function: d.Name, d.Container)).ToHashSet();

        Assert.NotEmpty(declared);
        Assert.Equal(declared.OrderBy(d => d.Function), triggers.OrderBy(t => t.Function));
    }

    [Fact]
    public async Task The_deployment_package_holds_host_json_one_folder_per_function_and_the_executable()
    {
        var directory = Directory.CreateTempSubdirectory("predemande-package-").FullName;
        try
        {
            var output = Path.Combine(directory, "package");
            var (exitCode, log) = await Tools.RunAsync("env", "PACKAGE_AOT=false", Repository.PathOf("scripts", "package.sh"), output);
            Assert.True(exitCode == 0, log);

            var host = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "host.json")))!;
            var executable = Path.Combine(output, host["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>());
            Assert.True(File.Exists(executable), executable);
            Assert.True(File.GetUnixFileMode(executable).HasFlag(UnixFileMode.UserExecute));
            Assert.True(host["customHandler"]!["enableProxyingHttpRequest"]!.GetValue<bool>());

            var folders = Directory.GetDirectories(output).Where(d => File.Exists(Path.Combine(d, "function.json"))).Select(Path.GetFileName).Order();
            Assert.Equal(Declarations.Select(d => d.Name).Order(), folders);
            Assert.False(File.Exists(Path.Combine(output, "appsettings.Development.json")));

            using var zip = ZipFile.OpenRead(Path.Combine(directory, "package.zip"));
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("host.json", entries);
            Assert.Contains("PreDemande.Functions", entries);
            Assert.All(Declarations, d => Assert.Contains($"{d.Name}/function.json", entries));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<JsonNode> CompiledTemplateAsync()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var bicep = Path.Combine(packages, "azure.bicep.commandline.linux-x64", "0.49.2", "tools", "bicep");
        if (!File.Exists(bicep))
        {
            var (restored, restoreLog) = await Tools.RunAsync("dotnet", "restore", Repository.PathOf("infra", "tools", "bicep-cli.csproj"));
            Assert.True(restored == 0, restoreLog);
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        }

        var (exitCode, output) = await Tools.RunAsync(bicep, "build", Repository.PathOf("infra", "main.bicep"), "--stdout");
        Assert.True(exitCode == 0, output);
        return JsonNode.Parse(output)!;
    }

    // The variables of the nested deployment (module) with that name.
    private static JsonObject Variables(JsonNode template, string deployment)
    {
        foreach (var resource in Resources(template))
        {
            if (resource["type"]?.GetValue<string>() == "Microsoft.Resources/deployments" && resource["name"]?.GetValue<string>() == deployment)
            {
                return resource["properties"]!["template"]!["variables"]!.AsObject();
            }

            if (resource["type"]?.GetValue<string>() == "Microsoft.Resources/deployments")
            {
                try
                {
                    return Variables(resource["properties"]!["template"]!, deployment);
                }
                catch (KeyNotFoundException)
                {
                }
            }
        }

        throw new KeyNotFoundException($"No module named {deployment} in the compiled template");
    }

    private static IEnumerable<JsonNode> Resources(JsonNode template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonNode>(),
        JsonObject map => map.Select(p => p.Value).OfType<JsonNode>(),
        _ => [],
    };

    private static IEnumerable<string> Strings(JsonNode? array) => array!.AsArray().Select(v => v!.GetValue<string>());
}
