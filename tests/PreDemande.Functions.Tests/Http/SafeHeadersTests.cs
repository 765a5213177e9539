using System.Net;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Http;

[Trait(Tier.Name, Tier.Http)]
public sealed class SafeHeadersTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>
{
    public static TheoryData<string, string, string?> Answers => new()
    {
        { "GET", "/api/health", null },
        { "GET", "/api/predemandes/{number}", TestClients.PortalKey },
        { "GET", "/api/predemandes/{number}/recap", TestClients.PortalKey },
        { "GET", "/api/dr/predemandes/{number}", TestClients.MairieKey },
        { "GET", "/api/predemandes/ABC", TestClients.PortalKey }, // a 400 problem
        { "GET", "/api/dr/predemandes/{number}", null }, // a 401 problem
        { "GET", "/api/openapi.json", null },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Every_answer_forbids_sniffing_framing_active_content_and_storing(string method, string path, string? key)
    {
        var number = await app.SubmitReadyAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{number}", number, StringComparison.Ordinal));

        var response = await app.ClientWithKey(key).SendAsync(request);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore, $"{path}: Cache-Control {response.Headers.CacheControl}");
        Assert.False(response.Headers.Contains("Strict-Transport-Security")); // plain HTTP here
    }

    [Fact]
    public async Task The_app_as_its_own_process_does_not_name_its_server()
    {
        await using var process = await RunningApp.StartAsync(new Dictionary<string, string> { ["AzureWebJobsStorage"] = app.Azurite.ConnectionString });
        using var client = new HttpClient { BaseAddress = process.BaseAddress };

        var response = await client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"), string.Join(", ", response.Headers.Select(h => h.Key)));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }
}
