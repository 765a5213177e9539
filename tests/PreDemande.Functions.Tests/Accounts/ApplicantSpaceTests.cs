using System.Net;
using System.Text.Json.Nodes;
using PreDemande.Core.Numbers;
using PreDemande.Functions.Tests.Infrastructure;
using PreDemande.Functions.Tests.Notifications;

namespace PreDemande.Functions.Tests.Accounts;

/// <summary>The applicant's account on the portal: ownership, the account's list, withdrawal, the validity.</summary>
[Trait(Tier.Name, Tier.Http)]
public sealed class ApplicantSpaceTests(ClockFactory app) : IClassFixture<ClockFactory>
{
    private const string Header = "X-Applicant-Account";

    private HttpClient Portal(string? account)
    {
        var client = app.ClientWithKey(TestClients.PortalKey);
        if (account is not null)
        {
            client.DefaultRequestHeaders.Add(Header, account);
        }

        return client;
    }

    private static string NewAccount() => $"fc-sub-{Guid.NewGuid():N}";

    private async Task<string> SubmitAsync(string account)
    {
        var created = await Portal(account).PostFormAsync(Forms.AdultPassport());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync())["number"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_pre_application_of_an_account_answers_404_on_every_portal_route_to_another_account_or_to_none()
    {
        var (owner, other) = (NewAccount(), NewAccount());
        var number = await SubmitAsync(owner);
        await Eventually.Async(async () => (await Portal(owner).GetAsync($"/api/predemandes/{number}/recap")).StatusCode, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(15));

        foreach (var stranger in new[] { Portal(other), Portal(null) })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/predemandes/{number}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/predemandes/{number}/recap")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/predemandes/{number}")).StatusCode);
        }

        Assert.DoesNotContain(number, await ListedAsync(other));
        Assert.Equal(HttpStatusCode.OK, (await Portal(owner).GetAsync($"/api/predemandes/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithKey(TestClients.MairieKey).GetAsync($"/api/dr/predemandes/{number}")).StatusCode); // the mairie reads it by its number, as before
    }

    [Fact]
    public async Task An_accounts_list_comes_newest_first_in_pages_that_its_cursor_continues()
    {
        var account = NewAccount();
        var numbers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            numbers.Add(await SubmitAsync(account));
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var first = await (await Portal(account).GetAsync("/api/predemandes?pageSize=2")).JsonAsync();
        var next = first["next"]!.GetValue<string>();
        var second = await (await Portal(account).GetAsync($"/api/predemandes?pageSize=2&after={next}")).JsonAsync();

        Assert.Equal([numbers[2], numbers[1]], first["items"]!.AsArray().Select(i => i!["number"]!.GetValue<string>()));
        Assert.Equal([numbers[0]], second["items"]!.AsArray().Select(i => i!["number"]!.GetValue<string>()));
        Assert.Null(second["next"]);
        var item = first["items"]![0]!;
        Assert.Equal("passport", item["titles"]![0]!.GetValue<string>());
        Assert.Equal($"/api/predemandes/{numbers[2]}", item["url"]!.GetValue<string>());
        Assert.Contains(item["status"]!.GetValue<string>(), new[] { "submitted", "recapReady" });
    }

    [Theory]
    [InlineData(null, "/api/predemandes", Header)]
    [InlineData("ok", "/api/predemandes?pageSize=0", "pageSize")]
    [InlineData("ok", "/api/predemandes?pageSize=51", "pageSize")]
    [InlineData("ok", "/api/predemandes?after=bm90LWEtY3Vyc29y", "after")]
    [InlineData("a b", "/api/predemandes", Header)]
    public async Task A_list_without_an_account_or_with_a_bad_page_is_refused_field_by_field(string? account, string url, string field)
    {
        var response = await Portal(account is "ok" ? NewAccount() : account).GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.JsonAsync())["errors"]![field]);
    }

    [Theory]
    [InlineData("GET", "/api/predemandes/{number}")]
    [InlineData("POST", "/api/predemandes")]
    [InlineData("DELETE", "/api/predemandes/{number}")]
    [InlineData("GET", "/api/predemandes/{number}/recap")]
    [InlineData("GET", "/api/predemandes")]
    [InlineData("GET", "/api/brouillons/{id}")]
    [InlineData("POST", "/api/brouillons/{id}/submit")]
    public async Task A_malformed_account_header_is_answered_with_the_account_problem_on_every_portal_route(string method, string route)
    {
        foreach (var malformed in new[] { "a b", new string('x', 257) })
        {
            var response = await SendAsync(Portal(malformed), method, route);

            await AssertAccountProblemAsync(response);
        }
    }

    [Theory]
    [InlineData("GET", "/api/predemandes")]
    [InlineData("POST", "/api/brouillons")]
    [InlineData("GET", "/api/brouillons/{id}")]
    [InlineData("PUT", "/api/brouillons/{id}")]
    [InlineData("DELETE", "/api/brouillons/{id}")]
    [InlineData("POST", "/api/brouillons/{id}/submit")]
    public async Task A_missing_account_header_is_answered_with_the_account_problem_where_the_operation_needs_an_account(string method, string route)
    {
        var response = await SendAsync(Portal(null), method, route);

        await AssertAccountProblemAsync(response);
    }

    [Fact]
    public async Task A_missing_account_header_is_no_problem_where_the_account_is_optional()
    {
        var created = await Portal(null).PostFormAsync(Forms.AdultPassport());
        var number = (await created.JsonAsync())["number"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Portal(null).GetAsync($"/api/predemandes/{number}")).StatusCode);
    }

    [Fact]
    public async Task A_withdrawal_before_lodging_erases_the_data_at_once_and_booking_tools_then_see_expired()
    {
        var account = NewAccount();
        var number = await SubmitAsync(account);
        await Eventually.Async(async () => await app.BlobNamesAsync("recaps", number), names => names.Count == 1, TimeSpan.FromSeconds(15));

        var withdrawn = await Portal(account).DeleteAsync($"/api/predemandes/{number}");

        Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Portal(account).GetAsync($"/api/predemandes/{number}")).StatusCode);
        Assert.DoesNotContain(number, await ListedAsync(account));
        Assert.Empty(await app.BlobNamesAsync("predemandes", number));
        Assert.Empty(await app.BlobNamesAsync("recaps", number));
        var status = await (await app.ClientWithKey(TestClients.BookingKey, "x-rdv-opt-auth-token").GetAsync($"/api/status?application_ids={number}")).JsonAsync();
        Assert.Equal("expired", status[number]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Gone, (await app.ClientWithKey(TestClients.MairieKey).GetAsync($"/api/dr/predemandes/{number}")).StatusCode);
        Assert.Contains(await app.AuditOfNumberAsync(number), r => r.GetString("Operation") == "withdraw" && r.GetString("Outcome") == "withdrawn");
    }

    [Fact]
    public async Task A_withdrawal_after_lodging_is_refused_with_409_and_changes_nothing()
    {
        var account = NewAccount();
        var number = await SubmitAsync(account);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithKey(TestClients.MairieKey).DepositAsync(number)).StatusCode);

        var refused = await Portal(account).DeleteAsync($"/api/predemandes/{number}");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("consumed", (await (await Portal(account).GetAsync($"/api/predemandes/{number}")).JsonAsync())["status"]!.GetValue<string>());
        Assert.Single(await app.BlobNamesAsync("predemandes", number));
    }

    [Fact]
    public async Task A_pre_application_is_valid_six_months_by_default()
    {
        var created = await (await Portal(NewAccount()).PostFormAsync(Forms.AdultPassport())).JsonAsync();

        Assert.Equal(created["createdAt"]!.GetValue<DateTimeOffset>().AddMonths(6), created["expiresAt"]!.GetValue<DateTimeOffset>());
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string route)
    {
        var path = route.Replace("{number}", PreApplicationNumber.New(), StringComparison.Ordinal).Replace("{id}", Guid.NewGuid().ToString("N"), StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" && !path.EndsWith("/submit", StringComparison.Ordinal))
        {
            request.Content = HttpExtensions.Json(Forms.AdultPassport().ToJsonString());
        }

        return client.SendAsync(request);
    }

    // One problem document, whatever the route and whether the header is malformed or missing.
    private static async Task AssertAccountProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal("urn:predemande:problem:validation", problem["type"]!.GetValue<string>());
        Assert.Equal("Compte manquant ou invalide.", problem["detail"]!.GetValue<string>());
        var error = Assert.Single(problem["errors"]!.AsObject());
        Assert.Equal(Header, error.Key);
        Assert.Equal("L'identifiant du compte : 1 à 256 caractères ASCII imprimables, sans espace.", Assert.Single(error.Value!.AsArray())!.GetValue<string>());
    }

    private async Task<List<string>> ListedAsync(string account)
    {
        var page = await (await Portal(account).GetAsync("/api/predemandes?pageSize=50")).JsonAsync();
        return page["items"]!.AsArray().Select(i => i!["number"]!.GetValue<string>()).ToList();
    }
}
