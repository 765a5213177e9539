using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Submission;

[Trait(Tier.Name, Tier.Http)]
public sealed partial class SubmittingPreApplicationsTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>
{
    public static TheoryData<string> ValidForms => new() { "adult passport", "minor id card", "loss with unknown father", "born abroad" };

    private static JsonObject Sample(string name) => name switch
    {
        "adult passport" => Forms.AdultPassport(),
        "minor id card" => Forms.MinorIdCard(),
        "loss with unknown father" => Forms.LossWithUnknownFather(),
        "born abroad" => Forms.BornAbroad(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(ValidForms))]
    public async Task A_valid_pre_application_is_created_and_stored_as_entity_and_blob(string sample)
    {
        var client = app.ClientWithKey(TestClients.PortalKey);

        var response = await client.PostFormAsync(Sample(sample));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var number = body["number"]!.GetValue<string>();
        Assert.Matches(NumberPattern(), number);
        Assert.Equal($"/api/predemandes/{number}", response.Headers.Location?.OriginalString);
        Assert.Equal("submitted", body["status"]!.GetValue<string>());
        Assert.Equal(number, body["qrPayload"]!.GetValue<string>());
        Assert.EndsWith("Z", body["createdAt"]!.GetValue<string>(), StringComparison.Ordinal);

        var entity = await app.Tables.GetTableClient("predemandes").GetEntityAsync<TableEntity>(number, "predemande");
        Assert.Equal("submitted", entity.Value.GetString("Status"));
        var blob = await app.Blobs.GetBlobContainerClient("predemandes").GetBlobClient($"{number}.json").DownloadContentAsync();
        var document = JsonNode.Parse(blob.Value.Content.ToString())!;
        Assert.Equal(number, document["number"]!.GetValue<string>());
        Assert.Equal(Sample(sample)["applicant"]!["surname"]!.GetValue<string>(), document["form"]!["applicant"]!["surname"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_fee_follows_title_age_and_reason()
    {
        var client = app.ClientWithKey(TestClients.PortalKey);

        var adult = await (await client.PostFormAsync(Forms.AdultPassport())).JsonAsync();
        var minor = await (await client.PostFormAsync(Forms.MinorIdCard())).JsonAsync();
        var loss = await (await client.PostFormAsync(Forms.LossWithUnknownFather())).JsonAsync();

        Assert.Equal(86, adult["fee"]!["amountEur"]!.GetValue<int>());
        Assert.Equal(0, minor["fee"]!["amountEur"]!.GetValue<int>());
        Assert.Equal(25, loss["fee"]!["amountEur"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_stored_pre_application_reads_back_normalised_with_its_status()
    {
        var client = app.ClientWithKey(TestClients.PortalKey);
        var created = await (await client.PostFormAsync(Forms.BornAbroad())).JsonAsync();
        var number = created["number"]!.GetValue<string>();

        var response = await client.GetAsync($"/api/predemandes/{number.ToLowerInvariant()}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.JsonAsync();
        Assert.Equal(number, view["number"]!.GetValue<string>());
        Assert.Contains(view["status"]!.GetValue<string>(), new[] { "submitted", "recapReady" });
        Assert.Equal("+33698765432", view["form"]!["contact"]!["mobile"]!.GetValue<string>());
        Assert.Equal(new[] { "passport", "idCard" }, view["form"]!["titles"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task An_unknown_number_answers_404_with_a_problem()
    {
        var client = app.ClientWithKey(TestClients.PortalKey);

        var unknown = await client.GetAsync("/api/predemandes/AB12CD34EF");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await unknown.ProblemAsync();
    }

    [Fact]
    public async Task A_malformed_number_answers_400_naming_the_number()
    {
        var client = app.ClientWithKey(TestClients.PortalKey);

        var malformed = await client.GetAsync("/api/predemandes/AB12");

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.NotNull((await malformed.ProblemAsync())["errors"]!["number"]);
    }

    [Fact]
    public async Task One_hundred_concurrent_submissions_get_one_hundred_distinct_numbers()
    {
        var client = app.ClientWithKey(TestClients.PortalKey);
        var before = await app.PreApplicationCountAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.PostFormAsync(Forms.AdultPassport())));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var numbers = await Task.WhenAll(responses.Select(async r => (await r.JsonAsync())["number"]!.GetValue<string>()));
        Assert.Equal(100, numbers.Distinct().Count());
        Assert.Equal(before + 100, await app.PreApplicationCountAsync());
    }

    [Fact]
    public async Task A_retried_post_with_the_same_idempotency_key_returns_the_first_answer_and_stores_nothing_new()
    {
        var client = app.ClientWithKey(TestClients.PortalKey);
        var key = Guid.NewGuid().ToString();
        var first = await client.PostFormAsync(Forms.AdultPassport(), key);
        var countAfterFirst = await app.PreApplicationCountAsync();

        var retries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.PostFormAsync(Forms.AdultPassport(), key)));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var firstBody = (await first.JsonAsync()).ToJsonString();
        foreach (var retry in retries)
        {
            Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
            Assert.Equal(firstBody, (await retry.JsonAsync()).ToJsonString());
        }

        Assert.Equal(countAfterFirst, await app.PreApplicationCountAsync());
    }

    [Fact]
    public async Task The_same_idempotency_key_with_another_body_answers_422_and_stores_nothing()
    {
        var client = app.ClientWithKey(TestClients.PortalKey);
        var key = Guid.NewGuid().ToString();
        await client.PostFormAsync(Forms.AdultPassport(), key);
        var before = await app.PreApplicationCountAsync();

        var response = await client.PostFormAsync(Forms.BornAbroad(), key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.EndsWith("idempotency-key-reused", (await response.ProblemAsync())["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await app.PreApplicationCountAsync());
    }

    [Fact]
    public async Task A_request_without_a_key_or_with_an_unknown_one_answers_401()
    {
        var anonymous = await app.ClientWithKey(null).PostFormAsync(Forms.AdultPassport());
        var unknown = await app.ClientWithKey("not-a-key").PostFormAsync(Forms.AdultPassport());

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        await anonymous.ProblemAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task A_key_of_another_role_answers_403()
    {
        var mairie = await app.ClientWithKey(TestClients.MairieKey).PostFormAsync(Forms.AdultPassport());
        var booking = await app.ClientWithKey(TestClients.BookingKey).GetAsync("/api/predemandes/AB12CD34EF");

        Assert.Equal(HttpStatusCode.Forbidden, mairie.StatusCode);
        await mairie.ProblemAsync();
        Assert.Equal(HttpStatusCode.Forbidden, booking.StatusCode);
    }

    [Fact]
    public async Task The_readiness_probe_and_health_answer_without_a_key()
    {
        var client = app.CreateClient();

        var root = await client.GetAsync("/");
        var health = await client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("healthy", (await health.JsonAsync())["status"]!.GetValue<string>());
    }

    [GeneratedRegex("^[A-Z0-9]{10}$")]
    private static partial Regex NumberPattern();
}
