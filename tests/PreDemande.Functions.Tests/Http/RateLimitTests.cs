using System.Net;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Http;

/// <summary>The app with a small bucket for booking tools, and a third booking tool of its own.</summary>
public sealed class TightLimitsFactory : PreDemandeFactory
{
    public const string ThirdToolKey = "test-booking-third-key";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("PreDemande:Clients:50:Id", "test-booking-third"),
        new("PreDemande:Clients:50:Role", "Booking"),
        new("PreDemande:Clients:50:KeySha256", PreDemande.Functions.Security.ApiKeyAuthentication.Hash(ThirdToolKey)),
        new("PreDemande:RateLimits:Booking:PermitsPerSecond", "1"),
        new("PreDemande:RateLimits:Booking:Burst", "3"),
    ];
}

[Trait(Tier.Name, Tier.Http)]
public sealed class RateLimitTests(TightLimitsFactory app) : IClassFixture<TightLimitsFactory>
{
    [Fact]
    public async Task A_runaway_booking_tool_gets_429_with_retry_after_while_the_mairie_is_still_served()
    {
        var number = await app.SubmitAsync();
        var booking = app.ClientWithKey(TestClients.BookingKey, "x-rdv-opt-auth-token");
        var mairie = app.ClientWithKey(TestClients.MairieKey);
        await Task.Delay(TimeSpan.FromSeconds(3.5)); // a full bucket, whatever the other test of this class took

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => booking.GetAsync($"/api/status?application_ids={number}")));
        var lookup = await mairie.GetAsync($"/api/dr/predemandes/{number}");

        Assert.InRange(answers.Count(a => a.StatusCode == HttpStatusCode.OK), 3, 5);
        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
        Assert.NotEmpty(limited);
        Assert.All(limited, a => Assert.NotNull(a.Headers.RetryAfter));
        Assert.Equal("urn:predemande:problem:too-many-requests", (await limited[0].ProblemAsync())["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/api/health")).StatusCode);
    }

    [Fact]
    public async Task Every_answer_to_a_limited_client_states_its_bucket_and_a_429_says_when_to_retry()
    {
        var number = await app.SubmitAsync();
        var booking = app.ClientWithKey(TightLimitsFactory.ThirdToolKey, "x-rdv-opt-auth-token");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => booking.GetAsync($"/api/status?application_ids={number}")));
        var lookup = await app.ClientWithKey(TestClients.MairieKey).GetAsync($"/api/dr/predemandes/{number}");
        var health = await app.CreateClient().GetAsync("/api/health");

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.All(answers, a => Assert.Equal("\"booking\";q=3;w=3", Assert.Single(a.Headers.GetValues("RateLimit-Policy"))));
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.OK), a => Assert.Matches("^\"booking\";r=[0-3];t=[0-3]$", Assert.Single(a.Headers.GetValues("RateLimit"))));
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests), a =>
        {
            Assert.Equal("\"booking\";r=0;t=3", Assert.Single(a.Headers.GetValues("RateLimit")));
            Assert.True(a.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        });
        Assert.Equal("\"mairie\";q=100;w=2", Assert.Single(lookup.Headers.GetValues("RateLimit-Policy")));
        Assert.Matches("^\"mairie\";r=(100;t=0|9[0-9];t=1)$", Assert.Single(lookup.Headers.GetValues("RateLimit")));
        Assert.False(health.Headers.Contains("RateLimit-Policy"));
    }

    [Fact]
    public async Task Each_booking_tool_has_its_own_bucket()
    {
        var number = await app.SubmitAsync();
        var first = app.ClientWithKey(TestClients.BookingKey, "x-rdv-opt-auth-token");
        var second = app.ClientWithKey(TestClients.LuteceKey, "x-rdv-opt-auth-token");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => first.GetAsync($"/api/status?application_ids={number}")));
        var other = await second.GetAsync($"/api/status?application_ids={number}");

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
