using System.Net;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Http;

public sealed class CorsFactory : PreDemandeFactory
{
    public const string Console = "https://console-dr.example.gouv.fr";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        base.Settings().Append(new("PreDemande:Cors:AllowedOrigins:0", Console));
}

[Trait(Tier.Name, Tier.Http)]
public sealed class CorsTests(CorsFactory app) : IClassFixture<CorsFactory>
{
    private static HttpRequestMessage Preflight(string origin) => new(HttpMethod.Options, "/api/dr/search")
    {
        Headers =
        {
            { "Origin", origin },
            { "Access-Control-Request-Method", "POST" },
            { "Access-Control-Request-Headers", "authorization,content-type" },
        },
    };

    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_answered_with_what_it_may_send()
    {
        var response = await app.CreateClient().SendAsync(Preflight(CorsFactory.Console));

        Assert.True(response.StatusCode == HttpStatusCode.NoContent && response.Headers.Contains("Access-Control-Allow-Origin"), $"{response.StatusCode}: {string.Join("; ", response.Headers.Select(h => $"{h.Key}={string.Join(",", h.Value)}"))}");
        Assert.Equal(CorsFactory.Console, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.Contains("authorization", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Another_origin_gets_no_cors_header_and_a_call_from_it_is_not_shared_with_its_page()
    {
        var preflight = await app.CreateClient().SendAsync(Preflight("https://ailleurs.example.com"));
        var call = new HttpRequestMessage(HttpMethod.Get, "/api/health") { Headers = { { "Origin", "https://ailleurs.example.com" } } };
        var answer = await app.CreateClient().SendAsync(call);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
    }
}

[Trait(Tier.Name, Tier.Http)]
public sealed class DefaultCorsTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>
{
    [Fact]
    public async Task Without_the_setting_no_origin_is_allowed()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/predemandes")
        {
            Headers = { { "Origin", "https://portail.example.gouv.fr" }, { "Access-Control-Request-Method", "POST" } },
        };

        var response = await app.CreateClient().SendAsync(request);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
