using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>The Bicep CLI of the project (infra/tools/bicep-cli.csproj): the compiled template, and the predicted resources of a deployment.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class Bicep
{
    private static readonly ConcurrentDictionary<string, Task<JsonArray>> Snapshots = new(StringComparer.Ordinal);

    public static async Task<string> PathAsync()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var bicep = Path.Combine(packages, "azure.bicep.commandline.linux-x64", "0.49.2", "tools", "bicep");
        if (!File.Exists(bicep))
        {
            var (restored, restoreLog) = await Tools.RunAsync("dotnet", "restore", Repository.PathOf("infra", "tools", "bicep-cli.csproj"));
            Assert.True(restored == 0, restoreLog);
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        }

        return bicep;
    }

    /// <summary>infra/main.bicep compiled to its ARM template.</summary>
    public static async Task<JsonNode> CompiledAsync()
    {
        var (exitCode, output) = await Tools.RunAsync(await PathAsync(), "build", Repository.PathOf("infra", "main.bicep"), "--stdout");
        Assert.True(exitCode == 0, output);
        return JsonNode.Parse(output)!;
    }

    /// <summary>
    /// The resources a deployment of infra/main.bicep with these parameters would create, with
    /// conditions, loops and modules evaluated (<c>bicep snapshot</c>, no Azure call): what a test
    /// can check value by value.
    /// </summary>
    public static Task<JsonArray> PredictedResourcesAsync(params (string Name, string BicepValue)[] parameters)
    {
        var text = string.Join('\n', parameters.Select(p => $"param {p.Name} = {p.BicepValue}"));
        return Snapshots.GetOrAdd(text, _ => SnapshotAsync(text));
    }

    private static async Task<JsonArray> SnapshotAsync(string parameters)
    {
        var directory = Directory.CreateTempSubdirectory("predemande-bicep-").FullName;
        try
        {
            var main = Path.GetRelativePath(directory, Repository.PathOf("infra", "main.bicep")).Replace('\\', '/');
            var file = Path.Combine(directory, "deployment.bicepparam");
            await File.WriteAllTextAsync(file, $"using '{main}'\n{parameters}\n");
            var (exitCode, output) = await Tools.RunAsync(await PathAsync(), "snapshot", file,
                "--subscription-id", "00000000-0000-0000-0000-000000000001", "--tenant-id", "00000000-0000-0000-0000-000000000002", "--location", "francecentral");
            Assert.True(exitCode == 0, output);
            var snapshot = JsonNode.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(file, ".snapshot.json")))!;
            return snapshot["predictedResources"]!.AsArray();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
