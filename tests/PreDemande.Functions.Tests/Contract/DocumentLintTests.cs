using System.Diagnostics;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Contract;

/// <summary>
/// docs/openapi.json through Redocly CLI (npm <c>@redocly/cli</c>, pinned in package-lock.json),
/// with the rules of redocly.yaml at the repository's root: no error.
/// </summary>
[Trait(Tier.Name, Tier.System)]
public sealed class DocumentLintTests
{
    [Fact]
    public async Task Redocly_finds_no_error_in_the_committed_document()
    {
        var redocly = Repository.PathOf("node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), $"Redocly CLI is not installed ({redocly}): run scripts/ensure-npm.sh.");
        var start = new ProcessStartInfo(redocly)
        {
            WorkingDirectory = Repository.Root,
            ArgumentList = { "lint", Path.Combine("docs", "openapi.json"), "--format=stylish" },
        };
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";

        var (exitCode, output) = await Tools.RunAsync(start, TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 0, output);
        Assert.Contains("docs/openapi.json", output, StringComparison.Ordinal);
    }
}
