using System.Net;
using System.Net.Http.Headers;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Http;

/// <summary>The app trusting a local token issuer, with clients declared by their application id.</summary>
public sealed class EntraIdFactory : PreDemandeFactory
{
    public const string PortalApp = "0a1b2c3d-0000-4000-8000-000000000001";
    public const string MairieApp = "0a1b2c3d-0000-4000-8000-000000000002";
    public const string BookingApp = "0a1b2c3d-0000-4000-8000-000000000003";
    public const string UndeclaredApp = "0a1b2c3d-0000-4000-8000-0000000000ff";

    private TokenIssuer? _issuer;

    public TokenIssuer Issuer => _issuer ?? throw new InvalidOperationException("The issuer is not started");

    public HttpClient ClientWithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override async Task StartDependenciesAsync() => _issuer = await TokenIssuer.StartAsync();

    protected override async ValueTask StopDependenciesAsync()
    {
        if (_issuer is not null)
        {
            await _issuer.DisposeAsync();
        }
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("PreDemande:EntraId:Authority", Issuer.Authority),
        new("PreDemande:EntraId:Audience", TokenIssuer.Audience),
        new("PreDemande:EntraId:RequireHttpsMetadata", "false"),
        new("PreDemande:Clients:0:Id", "portal-managed-identity"),
        new("PreDemande:Clients:0:Role", "Portal"),
        new("PreDemande:Clients:0:ApplicationId", PortalApp),
        new("PreDemande:Clients:1:Id", "dr-paris-app"),
        new("PreDemande:Clients:1:Role", "Mairie"),
        new("PreDemande:Clients:1:Scope", "75056"),
        new("PreDemande:Clients:1:ApplicationId", MairieApp),
    ];
}

[Trait(Tier.Name, Tier.Http)]
public sealed class EntraIdTokenTests(EntraIdFactory app) : IClassFixture<EntraIdFactory>
{
    [Fact]
    public async Task A_portal_application_with_the_Portal_role_submits_and_reads_back_with_its_token()
    {
        var portal = app.ClientWithToken(app.Issuer.Token(EntraIdFactory.PortalApp, ["Portal"]));

        var created = await portal.PostFormAsync(Forms.AdultPassport());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = (await created.JsonAsync())["number"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync($"/api/predemandes/{number}")).StatusCode);
    }

    [Fact]
    public async Task A_mairie_token_acts_with_the_commune_of_the_client_declared_for_its_application_and_is_audited_as_that_client()
    {
        var number = await app.SubmitAsync();
        var mairie = app.ClientWithToken(app.Issuer.Token(EntraIdFactory.MairieApp, ["Mairie"]));

        var lookup = await mairie.GetAsync($"/api/dr/predemandes/{number}");

        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        var audit = Assert.Single(await app.AuditOfNumberAsync(number));
        Assert.Equal("dr-paris-app", audit.GetString("Client"));
        Assert.Equal("75056", audit.GetString("Mairie"));
    }

    [Fact]
    public async Task A_booking_token_reads_statuses()
    {
        var number = await app.SubmitAsync();

        var byToken = await app.ClientWithToken(app.Issuer.Token(EntraIdFactory.BookingApp, ["Booking"])).GetAsync($"/api/status?application_ids={number}");

        Assert.Equal(HttpStatusCode.OK, byToken.StatusCode);
        Assert.Equal("validated", (await byToken.JsonAsync())[number]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_booking_key_still_reads_statuses_beside_tokens()
    {
        var number = await app.SubmitAsync();

        var byKey = await app.ClientWithKey(TestClients.BookingKey, "x-rdv-opt-auth-token").GetAsync($"/api/status?application_ids={number}");

        Assert.Equal(HttpStatusCode.OK, byKey.StatusCode);
    }

    public static TheoryData<string, string> RefusedTokens => new()
    {
        { "expired", "expired" },
        { "another audience", "audience" },
        { "signed by a key the issuer does not publish", "signature" },
        { "two roles of this API", "two-roles" },
        { "not a token at all", "garbage" },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task A_token_that_cannot_be_trusted_gets_401_with_a_problem_and_changes_nothing(string description, string kind)
    {
        var token = kind switch
        {
            "expired" => app.Issuer.Token(EntraIdFactory.PortalApp, ["Portal"], lifetime: TimeSpan.FromMinutes(-10)),
            "audience" => app.Issuer.Token(EntraIdFactory.PortalApp, ["Portal"], audience: "api://another-api"),
            "signature" => app.Issuer.Token(EntraIdFactory.PortalApp, ["Portal"], signedWithPublishedKey: false),
            "two-roles" => app.Issuer.Token(EntraIdFactory.PortalApp, ["Portal", "Mairie"]),
            _ => "not.a.token",
        };
        var before = await app.PreApplicationCountAsync();

        var response = await app.ClientWithToken(token).PostFormAsync(Forms.AdultPassport());

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{description}: {response.StatusCode}");
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await response.ProblemAsync();
        Assert.Equal(before, await app.PreApplicationCountAsync());
    }

    [Fact]
    public async Task A_token_with_another_role_gets_403()
    {
        var booking = app.ClientWithToken(app.Issuer.Token(EntraIdFactory.BookingApp, ["Booking"]));

        var response = await booking.PostFormAsync(Forms.AdultPassport());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Booking", (await response.ProblemAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_without_any_role_of_this_api_gets_403()
    {
        var response = await app.ClientWithToken(app.Issuer.Token(EntraIdFactory.PortalApp, ["Reader"])).PostFormAsync(Forms.AdultPassport());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await response.ProblemAsync();
    }

    [Fact]
    public async Task A_mairie_token_of_an_application_without_a_declared_commune_gets_403_saying_so()
    {
        var number = await app.SubmitAsync();
        var undeclared = app.ClientWithToken(app.Issuer.Token(EntraIdFactory.UndeclaredApp, ["Mairie"]));

        var response = await undeclared.GetAsync($"/api/dr/predemandes/{number}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("périmètre", (await response.ProblemAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await app.AuditOfNumberAsync(number));
    }
}
