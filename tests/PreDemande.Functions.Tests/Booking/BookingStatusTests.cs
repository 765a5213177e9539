using System.Net;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using PreDemande.Core.Numbers;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Booking;

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
    public async Task Mixed_valid_unknown_and_malformed_numbers_each_get_a_status_and_repeats_are_answered_once()
    {
        var known = await SubmitWithStatusAsync("submitted");
        var unknown = PreApplicationNumber.New();
        var lower = known.ToLowerInvariant();
        var query = string.Join("&", new[] { known, unknown, "ABC", "AB12-CD34EF", known, lower, "%C3%89%C3%89%C3%89" }.Select(id => $"application_ids={id}"));

        var response = await Booking.GetAsync($"/api/status?{query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(6, body.Count);
        Assert.Equal("validated", body[known]!["status"]!.GetValue<string>());
        Assert.Equal("validated", body[lower]!["status"]!.GetValue<string>());
        Assert.Equal("unknown", body[unknown]!["status"]!.GetValue<string>());
        Assert.Equal("unknown", body["ABC"]!["status"]!.GetValue<string>());
        Assert.Equal("unknown", body["AB12-CD34EF"]!["status"]!.GetValue<string>());
        Assert.Equal("unknown", body["ÉÉÉ"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task More_than_twenty_numbers_or_none_is_a_400_problem()
    {
        var tooMany = string.Join("&", Enumerable.Range(0, 21).Select(_ => $"application_ids={PreApplicationNumber.New()}"));

        var many = await Booking.GetAsync($"/api/status?{tooMany}");
        var none = await Booking.GetAsync("/api/status");

        Assert.Equal(HttpStatusCode.BadRequest, many.StatusCode);
        Assert.NotNull((await many.ProblemAsync())["errors"]!["application_ids"]);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
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
