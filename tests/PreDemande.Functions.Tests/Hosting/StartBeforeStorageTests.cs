using System.Net;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Hosting;

[Trait(Tier.Name, Tier.System)]
public sealed class StartBeforeStorageTests
{
    [Fact]
    public async Task An_app_started_before_its_storage_answers_503_says_why_it_waits_and_serves_once_storage_is_up()
    {
        var (blob, queue, table) = (Tools.FreePort(), Tools.FreePort(), Tools.FreePort());
        var environment = TestClients.EnvironmentVariables();
        environment["AzureWebJobsStorage"] = Azurite.ConnectionStringFor(blob, queue, table);
        await using var app = await RunningApp.StartAsync(environment, waitReady: false);
        using var client = new HttpClient { BaseAddress = app.BaseAddress };

        var waiting = await Eventually.Async(
            async () => await TryGetAsync(client, "/"),
            response => response is not null,
            TimeSpan.FromSeconds(30));
        Assert.False(app.HasExited, app.Output);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, waiting!.StatusCode);
        Assert.NotNull(waiting.Headers.RetryAfter);
        var refused = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/predemandes") { Content = HttpExtensions.Json(Forms.AdultPassport().ToJsonString()), Headers = { { "X-Api-Key", TestClients.PortalKey } } });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        await refused.ProblemAsync();
        await Eventually.Async(() => Task.FromResult(app.Output), output => output.Contains("Storage not reachable yet", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        await using var azurite = await Azurite.StartAsync(location: null, blob, queue, table);
        await app.WaitReadyAsync(TimeSpan.FromSeconds(60));

        var portal = app.Client(TestClients.PortalKey);
        var created = await portal.PostAsync("/api/predemandes", HttpExtensions.Json(Forms.AdultPassport().ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("Storage ready", app.Output, StringComparison.Ordinal);
        Assert.False(app.HasExited);
    }

    private static async Task<HttpResponseMessage?> TryGetAsync(HttpClient client, string path)
    {
        try
        {
            return await client.GetAsync(path);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
