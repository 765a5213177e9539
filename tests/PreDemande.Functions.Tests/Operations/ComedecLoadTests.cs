using System.Text.Json.Nodes;
using PreDemande.Functions.Reference;
using PreDemande.Functions.Storage;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Operations;

/// <summary>The operator's <c>load-comedec</c>, run as the app binary against the app's Azurite.</summary>
[Trait(Tier.Name, Tier.System)]
public sealed class ComedecLoadTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("predemande-comedec-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_list_with_a_line_naming_no_commune_is_refused_whole_and_stored_once_corrected_with_its_date()
    {
        var environment = new Dictionary<string, string> { ["AzureWebJobsStorage"] = app.Azurite.ConnectionString };
        var file = Path.Combine(_directory, "villes-adherentes.csv");
        var blob = app.Blobs.GetBlobContainerClient(StorageNames.Containers.Reference).GetBlobClient(ComedecListStore.BlobName);
        await File.WriteAllTextAsync(file, "commune;département\nSaint-Malo;35\nNulle-Part;99\n");

        var (refusedExit, refusedOutput) = await AppProcess.RunAsync(environment, "load-comedec", file, "--published", "2026-11-02");
        Assert.Equal(1, refusedExit);
        Assert.Contains("no commune: Nulle-Part;99", refusedOutput, StringComparison.Ordinal);
        Assert.False(await blob.ExistsAsync());

        await File.WriteAllTextAsync(file, "commune;département\nSaint-Malo;35\n69123\n");
        var (exit, output) = await AppProcess.RunAsync(environment, "load-comedec", file, "--published", "2026-11-02");

        Assert.Equal(0, exit);
        Assert.Contains("COMEDEC list of 2026-11-02 stored: 2 commune(s)", output, StringComparison.Ordinal);
        var stored = JsonNode.Parse((await blob.DownloadContentAsync()).Value.Content.ToString())!;
        Assert.Equal("2026-11-02", stored["publishedOn"]!.GetValue<string>());
        Assert.Equal(["35288", "69123"], stored["communes"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public async Task Without_a_publication_date_the_command_is_a_usage_error()
    {
        var (exit, output) = await AppProcess.RunAsync(new Dictionary<string, string> { ["AzureWebJobsStorage"] = app.Azurite.ConnectionString }, "load-comedec", "villes.csv");

        Assert.Equal(2, exit);
        Assert.Contains("--published", output, StringComparison.Ordinal);
    }
}
