using System.Net;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Http;

/// <summary>The app as scripts/dev.sh runs it: the Development environment.</summary>
public sealed class DevelopmentFactory : PreDemandeFactory
{
    protected override string EnvironmentName => "Development";
}

[Trait(Tier.Name, Tier.Http)]
public sealed class DevelopmentEnvironmentTests(DevelopmentFactory app) : IClassFixture<DevelopmentFactory>
{
    [Theory]
    [InlineData("/api/predemandes/abc", TestClients.PortalKey)]
    [InlineData("/api/predemandes/..%2F..%2F", TestClients.PortalKey)]
    [InlineData("/api/predemandes/AB12CD34E%E2%80%AE/recap", TestClients.PortalKey)]
    [InlineData("/api/dr/predemandes/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", TestClients.MairieKey)]
    [InlineData("/api/prefecture/predemandes/abc", TestClients.PrefectureKey)]
    public async Task A_malformed_number_in_a_route_is_the_french_400_problem_in_development_too(string path, string key)
    {
        var response = await app.ClientWithKey(key).GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal("Numéro de pré-demande mal formé.", problem["detail"]!.GetValue<string>());
        Assert.NotNull(problem["errors"]!["number"]);
    }

    [Fact]
    public async Task A_pre_application_goes_through_its_recap_in_development_with_the_stand_in_host()
    {
        var number = await app.SubmitAsync();

        var status = await Eventually.Async(
            async () => (await (await app.ClientWithKey(TestClients.PortalKey).GetAsync($"/api/predemandes/{number}")).JsonAsync())["status"]!.GetValue<string>(),
            s => s == "recapReady",
            TimeSpan.FromSeconds(20));
        Assert.Equal("recapReady", status);
    }
}
