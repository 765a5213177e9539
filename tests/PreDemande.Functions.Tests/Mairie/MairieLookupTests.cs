using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using PreDemande.Core.Numbers;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Mairie;

[Trait(Tier.Name, Tier.Http)]
public sealed class MairieLookupTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>
{
    private HttpClient Mairie => app.ClientWithKey(TestClients.MairieKey);

    [Fact]
    public async Task A_mairie_reads_a_pre_application_with_its_etag_and_the_read_is_audited()
    {
        var number = await SubmitAsync();

        var response = await Mairie.GetAsync($"/api/dr/predemandes/{number.ToLowerInvariant()}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.JsonAsync();
        Assert.Equal(number, view["number"]!.GetValue<string>());
        Assert.Equal("LŒUVRE", view["form"]!["applicant"]!["surname"]!.GetValue<string>());
        Assert.Empty(view["corrections"]!.AsArray());
        Assert.NotNull(response.Headers.ETag);
        var rows = await app.AuditOfNumberAsync(number);
        var row = Assert.Single(rows);
        Assert.Equal("lookup", row.GetString("Operation"));
        Assert.Equal("read", row.GetString("Outcome"));
        Assert.Equal("test-mairie-paris", row.GetString("Client"));
        Assert.Equal("75056", row.GetString("Mairie"));
    }

    [Fact]
    public async Task Another_mairie_may_look_up_too_but_a_prefecture_or_portal_key_may_not()
    {
        var number = await SubmitAsync();

        var lyon = await app.ClientWithKey(TestClients.OtherMairieKey).GetAsync($"/api/dr/predemandes/{number}");
        var prefecture = await app.ClientWithKey(TestClients.PrefectureKey).GetAsync($"/api/dr/predemandes/{number}");
        var portal = await app.ClientWithKey(TestClients.PortalKey).GetAsync($"/api/dr/predemandes/{number}");
        var anonymous = await app.ClientWithKey(null).GetAsync($"/api/dr/predemandes/{number}");

        Assert.Equal(HttpStatusCode.OK, lyon.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, prefecture.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, portal.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task An_unknown_number_answers_404_audited_as_not_found()
    {
        var unknownNumber = PreApplicationNumber.New();

        var unknown = await Mairie.GetAsync($"/api/dr/predemandes/{unknownNumber}");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("notFound", Assert.Single(await app.AuditOfNumberAsync(unknownNumber)).GetString("Outcome"));
    }

    [Fact]
    public async Task An_expired_pre_application_answers_410_with_a_problem()
    {
        var expired = await SubmitAsync();
        await SetAsync(expired, new() { ["Status"] = "expired" });

        var gone = await Mairie.GetAsync($"/api/dr/predemandes/{expired}");

        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        await gone.ProblemAsync();
    }

    [Fact]
    public async Task A_pre_application_lodged_at_another_mairie_answers_409_saying_where_and_when()
    {
        var lodged = await SubmitAsync();
        await SetAsync(lodged, new() { ["Status"] = "consumed", ["Lodging"] = Lodging("69123", new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero)) });

        var conflict = await Mairie.GetAsync($"/api/dr/predemandes/{lodged}");

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var detail = (await conflict.ProblemAsync())["detail"]!.GetValue<string>();
        Assert.Contains("69123", detail, StringComparison.Ordinal);
        Assert.Contains("2026-11-20 09:30", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pre_application_lodged_at_this_mairie_can_still_be_read_there()
    {
        var lodgedHere = await SubmitAsync();
        await SetAsync(lodgedHere, new() { ["Status"] = "consumed", ["Lodging"] = Lodging("75056", DateTimeOffset.UtcNow) });

        var here = await Mairie.GetAsync($"/api/dr/predemandes/{lodgedHere}");

        Assert.Equal(HttpStatusCode.OK, here.StatusCode);
    }

    [Fact]
    public async Task Search_finds_every_number_in_typed_or_scanned_text_with_mixed_separators_and_junk()
    {
        var first = await SubmitAsync();
        var second = await SubmitAsync();
        var unknown = PreApplicationNumber.New();
        var grouped = PreApplicationNumber.Grouped(second);
        var input = $"  {first.ToLowerInvariant()} ; {grouped}/{unknown}, junk-12.ABCDEFGHIJKLMNOP : ";

        var response = await Mairie.PostAsync("/api/dr/search", HttpExtensions.Json(new JsonObject { ["input"] = input }.ToJsonString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hits = (await response.JsonAsync())["numbers"]!.AsArray().ToDictionary(h => h!["number"]!.GetValue<string>(), h => h!["status"]!.GetValue<string>());
        Assert.Contains(hits.GetValueOrDefault(first), new[] { "submitted", "recapReady" });
        Assert.Contains(hits.GetValueOrDefault(second), new[] { "submitted", "recapReady" });
        Assert.Equal("unknown", hits[unknown]);
        Assert.Equal(3, hits.Count);
        Assert.Single(await app.AuditOfNumberAsync(first), r => r.GetString("Operation") == "search");
    }

    [Fact]
    public async Task Search_returns_at_most_ten_numbers()
    {
        var input = string.Join(" ; ", Enumerable.Range(0, 15).Select(_ => PreApplicationNumber.New()));

        var response = await Mairie.PostAsync("/api/dr/search", HttpExtensions.Json(new JsonObject { ["input"] = input }.ToJsonString()));

        Assert.Equal(10, (await response.JsonAsync())["numbers"]!.AsArray().Count);
    }

    [Fact]
    public async Task Each_lookup_writes_one_audit_row_under_its_mairie_and_day()
    {
        var (number, byDay) = await LookUpTwiceAsync();

        Assert.Equal(2, byDay.Count(r => r.GetString("Number") == number));
        Assert.Empty(await AuditRowsAsync($"n|{number}")); // its by-number twins come the next night
    }

    [Fact]
    public async Task The_audit_log_holds_no_names_nor_phone_numbers()
    {
        var (_, byDay) = await LookUpTwiceAsync();

        foreach (var row in byDay)
        {
            var values = string.Join("|", ((IDictionary<string, object>)row).Values.Select(v => v?.ToString()));
            Assert.DoesNotContain("LŒUVRE", values, StringComparison.Ordinal);
            Assert.DoesNotContain("ÉLODIE", values, StringComparison.Ordinal);
            Assert.DoesNotContain("612345678", values, StringComparison.Ordinal);
            Assert.DoesNotContain("ROQUETTE", values, StringComparison.Ordinal);
        }
    }

    // Submits and looks the pre-application up twice; returns its number and the audit rows of the mairie's day.
    private async Task<(string Number, List<TableEntity> ByDay)> LookUpTwiceAsync()
    {
        var number = await SubmitAsync();
        await Mairie.GetAsync($"/api/dr/predemandes/{number}");
        await Mairie.GetAsync($"/api/dr/predemandes/{number}");
        return (number, await AuditRowsAsync($"m|75056|{DateTime.UtcNow:yyyy-MM-dd}"));
    }

    private Task<string> SubmitAsync() => app.SubmitAsync();

    private Task SetAsync(string number, Dictionary<string, object> values) => app.SetEntityAsync(number, values);

    // The lodging as the deposit writes it (no document expected, for brevity).
    private static string Lodging(string mairie, DateTimeOffset at) =>
        JsonSerializer.Serialize(new LodgingState(mairie, $"test-mairie-{mairie}", at, []), AppJsonContext.Default.LodgingState);

    private Task<List<TableEntity>> AuditRowsAsync(string partition) => app.AuditRowsAsync(partition);
}
