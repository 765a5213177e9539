using System.Net;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using PreDemande.Core.Numbers;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Booking;

[Trait(Tier.Name, Tier.Http)]
public sealed class BookingStatusTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>
{
    private HttpClient Booking => app.ClientWithKey(TestClients.BookingKey, "x-rdv-opt-auth-token");

    [Theory]
    [InlineData("submitted", "validated")]
    [InlineData("recapReady", "validated")]
    [InlineData("consumed", "consumed")]
    [InlineData("underInstruction", "consumed")]
    [InlineData("inProduction", "consumed")]
    [InlineData("available", "consumed")]
    [InlineData("handedOver", "consumed")]
    [InlineData("refused", "consumed")]
    [InlineData("destroyed", "consumed")]
    [InlineData("expired", "expired")]
    [InlineData("purged", "expired")]
    public async Task Each_internal_status_maps_onto_the_ants_statuses(string internalStatus, string expected)
    {
        var number = await SubmitWithStatusAsync(internalStatus);

        var body = await (await Booking.GetAsync($"/api/status?application_ids={number}")).JsonAsync();

        Assert.Equal(expected, body[number]!["status"]!.GetValue<string>());
        Assert.Empty(body[number]!["appointments"]!.AsArray());
    }

    [Fact]
    public async Task An_unused_pre_application_past_its_expiry_date_is_expired()
    {
        var number = await SubmitWithStatusAsync("submitted", expiresAt: DateTimeOffset.UtcNow.AddDays(-1));

        var body = await (await Booking.GetAsync($"/api/status?application_ids={number}")).JsonAsync();

        Assert.Equal("expired", body[number]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Known_unknown_and_lower_case_numbers_each_get_a_status_keyed_in_upper_case_and_repeats_are_answered_once()
    {
        var known = await SubmitWithStatusAsync("submitted");
        var unknown = PreApplicationNumber.New();
        var query = string.Join("&", new[] { known, unknown, known, known.ToLowerInvariant() }.Select(id => $"application_ids={id}"));

        var response = await Booking.GetAsync($"/api/status?{query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(2, body.Count);
        Assert.Equal("validated", body[known]!["status"]!.GetValue<string>());
        Assert.Equal("unknown", body[unknown]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task One_value_may_hold_several_numbers_joined_as_the_ants_pattern_allows()
    {
        var first = await SubmitWithStatusAsync("submitted");
        var second = await SubmitWithStatusAsync("consumed");
        var third = PreApplicationNumber.New();

        var response = await Booking.GetAsync($"/api/status?application_ids={first},{second}%20{third}&application_ids={first};{third}");

        var body = await response.JsonAsync();
        Assert.Equal([first, second, third], body.Select(p => p.Key));
        Assert.Equal("consumed", body[second]!["status"]!.GetValue<string>());
    }

    public static TheoryData<string, string> MalformedValues => new()
    {
        { "ABC", "too short" },
        { "AB12CD34EF,", "a trailing separator" },
        { "AB12CD34EF__GH56JK78LM", "another separator" },
        { "%C3%89%C3%89%C3%89%C3%89%C3%89%C3%89%C3%89%C3%89%C3%89%C3%89", "accented letters" },
        { "AB12CD34EF0", "eleven characters" },
    };

    [Theory]
    [MemberData(nameof(MalformedValues))]
    public async Task A_value_that_does_not_match_the_ants_pattern_gets_fastapi_s_422_naming_its_index(string value, string why)
    {
        var known = await SubmitWithStatusAsync("submitted");

        var response = await Booking.GetAsync($"/api/status?application_ids={known}&application_ids={value}");

        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, why);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = Assert.Single((await response.JsonAsync())["detail"]!.AsArray())!;
        Assert.Equal("""["query","application_ids",1]""", error["loc"]!.ToJsonString());
        Assert.Equal("value_error.str.regex", error["type"]!.GetValue<string>());
        Assert.StartsWith("string does not match regex", error["msg"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_twenty_numbers_or_none_is_a_422()
    {
        var tooMany = string.Join(",", Enumerable.Range(0, 21).Select(_ => PreApplicationNumber.New()));

        var many = await Booking.GetAsync($"/api/status?application_ids={tooMany}");
        var none = await Booking.GetAsync("/api/status");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, many.StatusCode);
        Assert.Equal("value_error.list.max_items", (await many.JsonAsync())["detail"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        Assert.Equal("""{"detail":[{"loc":["query","application_ids"],"msg":"field required","type":"value_error.missing"}]}""", await none.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task A_bad_token_gets_exactly_the_ants_401_body(string? token)
    {
        var response = await app.ClientWithKey(token, "x-rdv-opt-auth-token").GetAsync("/api/status?application_ids=AB12CD34EF");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"detail":"X-RDV-OPT-AUTH-TOKEN header invalid"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_portal_key_is_not_a_booking_token()
    {
        var asToken = await app.ClientWithKey(TestClients.PortalKey, "x-rdv-opt-auth-token").GetAsync("/api/status?application_ids=AB12CD34EF");
        var asApiKey = await app.ClientWithKey(TestClients.BookingKey).GetAsync("/api/status?application_ids=AB12CD34EF");

        Assert.Equal(HttpStatusCode.Forbidden, asToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, asApiKey.StatusCode);
    }

    private async Task<string> SubmitWithStatusAsync(string status, DateTimeOffset? expiresAt = null)
    {
        var number = await app.SubmitAsync();
        var values = new Dictionary<string, object> { ["Status"] = status };
        if (expiresAt is { } expiry)
        {
            var entity = (await app.Tables.GetTableClient("predemandes").GetEntityAsync<TableEntity>(number, "predemande")).Value;
            var document = JsonNode.Parse(entity.GetString("Document"))!;
            document["expiresAt"] = expiry.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            values["Document"] = document.ToJsonString();
        }

        await app.SetEntityAsync(number, values);
        return number;
    }
}
