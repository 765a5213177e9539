using System.Net;
using System.Text.RegularExpressions;
using PreDemande.Functions.Security;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Operations;

[Trait(Tier.Name, Tier.System)]
public sealed partial class OnboardingTests
{
    [Fact]
    public async Task A_new_mairie_s_key_printed_once_by_the_command_works_with_the_settings_it_prints()
    {
        var (exit, output) = await AppProcess.RunAsync(new Dictionary<string, string>(), "new-client", "--id", "mairie-bordeaux-2", "--role", "mairie", "--scope", "33063", "--index", "30");

        Assert.Equal(0, exit);
        var key = KeyLine().Match(output).Groups["key"].Value;
        Assert.Matches("^[A-Za-z0-9_-]{43}$", key);
        Assert.Contains($"SHA-256 of the key: {ApiKeyAuthentication.Hash(key)}", output, StringComparison.Ordinal);
        Assert.Contains("--name client-mairie-bordeaux-2-key-sha256", output, StringComparison.Ordinal);
        Assert.Contains("""{"id":"mairie-bordeaux-2","role":"Mairie","scope":"33063"}""", output, StringComparison.Ordinal);
        var settings = SettingLine().Matches(output).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
        Assert.Equal(["PreDemande__Clients__30__Id", "PreDemande__Clients__30__KeySha256", "PreDemande__Clients__30__Role", "PreDemande__Clients__30__Scope"], settings.Keys.Order(StringComparer.Ordinal));

        await using var azurite = await Azurite.StartAsync();
        var environment = TestClients.EnvironmentVariables();
        environment["AzureWebJobsStorage"] = azurite.ConnectionString;
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        await using var app = await RunningApp.StartAsync(environment);
        var created = await app.Client(TestClients.PortalKey).PostAsync("/api/predemandes", HttpExtensions.Json(Forms.AdultPassport().ToJsonString()));
        var number = (await created.JsonAsync())["number"]!.GetValue<string>();
        var lookup = await app.Client(key).GetAsync($"/api/dr/predemandes/{number}");
        var asPortal = await app.Client(key).GetAsync($"/api/predemandes/{number}");
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asPortal.StatusCode);
    }

    [Fact]
    public async Task Two_runs_draw_two_different_keys()
    {
        var (_, first) = await NewCertAquitaineClientAsync();
        var (_, rotation) = await RotateCertAquitaineKeyAsync();

        Assert.NotEqual(KeyLine().Match(first).Groups["key"].Value, KeyLine().Match(rotation).Groups["key"].Value);
        Assert.Contains("""{"id":"cert-aquitaine","role":"Prefecture","scope":"33,24"}""", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rotation_prints_the_next_key_setting_only()
    {
        var (exit, rotation) = await RotateCertAquitaineKeyAsync();

        Assert.Equal(0, exit);
        Assert.Contains("--name client-cert-aquitaine-next-key-sha256", rotation, StringComparison.Ordinal);
        var settings = SettingLine().Matches(rotation).Select(m => m.Groups["name"].Value).ToArray();
        Assert.Equal(["PreDemande__Clients__4__NextKeySha256"], settings);
    }

    private static Task<(int ExitCode, string Output)> NewCertAquitaineClientAsync() =>
        AppProcess.RunAsync(new Dictionary<string, string>(), "new-client", "--id", "cert-aquitaine", "--role", "Prefecture", "--scope", "33, 24");

    private static Task<(int ExitCode, string Output)> RotateCertAquitaineKeyAsync() =>
        AppProcess.RunAsync(new Dictionary<string, string>(), "new-client", "--id", "cert-aquitaine", "--role", "Prefecture", "--scope", "33,24", "--rotate", "--index", "4");

    [Theory]
    [InlineData("a mairie without its commune", "--id", "m", "--role", "Mairie")]
    [InlineData("a commune that does not exist", "--id", "m", "--role", "Mairie", "--scope", "99999")]
    [InlineData("a département that does not exist", "--id", "p", "--role", "Prefecture", "--scope", "75,00")]
    [InlineData("a portal with a scope", "--id", "p", "--role", "Portal", "--scope", "75")]
    [InlineData("an unknown role", "--id", "p", "--role", "Admin")]
    [InlineData("an id that cannot name a secret", "--id", "Mairie de Paris", "--role", "Booking")]
    [InlineData("no id", "--role", "Booking")]
    public async Task A_wrong_request_prints_no_key_and_says_what_is_wrong(string why, params string[] arguments)
    {
        var (exit, output) = await AppProcess.RunAsync(new Dictionary<string, string>(), ["new-client", .. arguments]);

        Assert.True(exit == 2, $"{why}: exit {exit}\n{output}");
        Assert.Contains("usage:", output, StringComparison.Ordinal);
        Assert.DoesNotMatch(KeyLine(), output);
    }

    [GeneratedRegex(@"stored nowhere\):\s*\n\s+(?<key>\S+)")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"^\s+(?<name>PreDemande__Clients__\S+?)=(?<value>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex SettingLine();
}
