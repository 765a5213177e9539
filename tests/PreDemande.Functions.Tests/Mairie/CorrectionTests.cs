using System.Net;
using System.Text.Json.Nodes;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Mairie;

[Trait(Tier.Name, Tier.Http)]
public sealed class CorrectionTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>
{
    private HttpClient Mairie => app.ClientWithKey(TestClients.MairieKey);

    [Fact]
    public async Task A_correction_with_the_current_etag_changes_the_form_and_records_who_when_before_and_after_while_the_original_stays()
    {
        var number = await app.SubmitReadyAsync();
        var documentBlob = app.Blobs.GetBlobContainerClient("predemandes").GetBlobClient($"{number}.json");
        var documentEtag = (await documentBlob.GetPropertiesAsync()).Value.ETag;
        var read = await Mairie.GetAsync($"/api/dr/predemandes/{number}");
        var etag = read.Headers.ETag!.ToString();

        var response = await Mairie.PatchFormAsync(number, new JsonObject
        {
            ["applicant"] = new JsonObject { ["surname"] = "LŒUVRE-MARTIN", ["heightCm"] = 170 },
            ["address"] = new JsonObject { ["line2"] = "BÂTIMENT B" },
        }, etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(etag, response.Headers.ETag!.ToString());
        var view = await response.JsonAsync();
        Assert.Equal(response.Headers.ETag!.ToString(), view["etag"]!.GetValue<string>());
        Assert.Equal("LŒUVRE-MARTIN", view["form"]!["applicant"]!["surname"]!.GetValue<string>());
        Assert.Equal("LŒUVRE", view["originalForm"]!["applicant"]!["surname"]!.GetValue<string>());
        var corrections = view["corrections"]!.AsArray().ToDictionary(c => c!["field"]!.GetValue<string>());
        Assert.Equal(["address.line2", "applicant.heightCm", "applicant.surname"], corrections.Keys.Order(StringComparer.Ordinal));
        var surname = corrections["applicant.surname"]!;
        Assert.Equal("LŒUVRE", surname["before"]!.GetValue<string>());
        Assert.Equal("LŒUVRE-MARTIN", surname["after"]!.GetValue<string>());
        Assert.Equal("test-mairie-paris", surname["by"]!.GetValue<string>());
        Assert.Equal("75056", surname["mairie"]!.GetValue<string>());
        Assert.True(DateTimeOffset.UtcNow - surname["at"]!.GetValue<DateTimeOffset>() < TimeSpan.FromMinutes(1));
        Assert.Equal(168, corrections["applicant.heightCm"]!["before"]!.GetValue<int>());
        Assert.Null(corrections["address.line2"]!["before"]);

        // Read again: the corrected view and the list; the original document and the portal's view unchanged.
        var again = await (await Mairie.GetAsync($"/api/dr/predemandes/{number}")).JsonAsync();
        Assert.Equal("LŒUVRE-MARTIN", again["form"]!["applicant"]!["surname"]!.GetValue<string>());
        Assert.Equal(3, again["corrections"]!.AsArray().Count);
        var portal = await (await app.ClientWithKey(TestClients.PortalKey).GetAsync($"/api/predemandes/{number}")).JsonAsync();
        Assert.Equal("LŒUVRE", portal["form"]!["applicant"]!["surname"]!.GetValue<string>());
        Assert.False(portal.ContainsKey("corrections"));
        Assert.False(portal.ContainsKey("etag"));
        Assert.Equal(documentEtag, (await documentBlob.GetPropertiesAsync()).Value.ETag);
    }

    [Fact]
    public async Task A_correction_with_a_stale_etag_gets_412_leaving_the_form_as_the_first_correction_left_it()
    {
        var (number, etag) = await CorrectEyeColourToBlueAsync();

        var stale = await Mairie.PatchFormAsync(number, new JsonObject { ["applicant"] = new JsonObject { ["eyeColour"] = "green" } }, etag);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.EndsWith(":stale", (await stale.ProblemAsync())["type"]!.GetValue<string>(), StringComparison.Ordinal);
        await AssertOnlyTheBlueEyeCorrectionAsync(number);
    }

    [Fact]
    public async Task A_correction_without_if_match_gets_428_leaving_the_form_as_the_first_correction_left_it()
    {
        var (number, _) = await CorrectEyeColourToBlueAsync();

        var missing = await Mairie.PatchFormAsync(number, new JsonObject { ["applicant"] = new JsonObject { ["eyeColour"] = "green" } }, ifMatch: null);

        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        await missing.ProblemAsync();
        await AssertOnlyTheBlueEyeCorrectionAsync(number);
    }

    // Submits, corrects the eye colour to blue with the current etag; returns the number and the etag read before that correction.
    private async Task<(string Number, string Etag)> CorrectEyeColourToBlueAsync()
    {
        var number = await app.SubmitReadyAsync();
        var etag = await Mairie.ReadETagAsync(number);
        var first = await Mairie.PatchFormAsync(number, new JsonObject { ["applicant"] = new JsonObject { ["eyeColour"] = "blue" } }, etag);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        return (number, etag);
    }

    private async Task AssertOnlyTheBlueEyeCorrectionAsync(string number)
    {
        var view = await (await Mairie.GetAsync($"/api/dr/predemandes/{number}")).JsonAsync();
        Assert.Equal("blue", view["form"]!["applicant"]!["eyeColour"]!.GetValue<string>());
        Assert.Single(view["corrections"]!.AsArray());
    }

    [Fact]
    public async Task Invalid_corrected_data_gets_the_same_field_errors_as_a_submission_and_changes_nothing()
    {
        var number = await app.SubmitReadyAsync();
        var etag = await Mairie.ReadETagAsync(number);
        var submission = await app.ClientWithKey(TestClients.PortalKey).PostFormAsync(Forms.AdultPassport().With("applicant.surname", "Dupont").With("contact.mobile", "+33123456789"));

        var response = await Mairie.PatchFormAsync(number, new JsonObject
        {
            ["applicant"] = new JsonObject { ["surname"] = "Dupont" },
            ["contact"] = new JsonObject { ["mobile"] = "+33123456789" },
        }, etag);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ProblemAsync())["errors"]!.AsObject();
        var expected = (await submission.ProblemAsync())["errors"]!.AsObject();
        Assert.Equal(expected.Select(e => e.Key).Order(), errors.Select(e => e.Key).Order());
        Assert.Equal(expected["applicant.surname"]!.ToJsonString(), errors["applicant.surname"]!.ToJsonString());
        Assert.Equal(expected["contact.mobile"]!.ToJsonString(), errors["contact.mobile"]!.ToJsonString());
        var view = await (await Mairie.GetAsync($"/api/dr/predemandes/{number}")).JsonAsync();
        Assert.Empty(view["corrections"]!.AsArray());
        Assert.Equal(etag, await Mairie.ReadETagAsync(number));
    }

    [Fact]
    public async Task A_correction_of_a_field_outside_the_form_or_misspelt_gets_400_naming_each_field_not_ignoring_it()
    {
        var (number, etag) = await SubmitAndReadETagAsync();

        var outside = await Mairie.PatchRawAsync(number, """{"status": "consumed", "form": {"applicant": {"surnam": "X"}, "parents": [{"unknown": true, "nickname": "Y"}, {"unknown": true}]}}""", etag);

        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        var errors = (await outside.ProblemAsync())["errors"]!.AsObject();
        Assert.Equal(["applicant.surnam", "parents[0].nickname", "status"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_correction_sent_as_plain_json_gets_415()
    {
        var (number, etag) = await SubmitAndReadETagAsync();

        var plainJson = await Mairie.PatchRawAsync(number, """{"form": {}}""", etag, "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plainJson.StatusCode);
    }

    [Fact]
    public async Task A_portal_key_may_not_correct_a_form()
    {
        var (number, etag) = await SubmitAndReadETagAsync();

        var portal = await app.ClientWithKey(TestClients.PortalKey).PatchFormAsync(number, [], etag);

        Assert.Equal(HttpStatusCode.Forbidden, portal.StatusCode);
    }

    private async Task<(string Number, string Etag)> SubmitAndReadETagAsync()
    {
        var number = await app.SubmitReadyAsync();
        return (number, await Mairie.ReadETagAsync(number));
    }

    [Fact]
    public async Task Fixing_one_entry_of_an_array_is_recorded_as_that_entry_s_own_field()
    {
        var number = await app.SubmitReadyAsync();
        var etag = await Mairie.ReadETagAsync(number);
        var parents = Forms.AdultPassport()["parents"]!.DeepClone().AsArray();
        parents[1]!["givenNames"] = new JsonArray("HÉLÈNE", "LUCIE");

        var response = await Mairie.PatchFormAsync(number, new JsonObject { ["parents"] = parents }, etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var correction = Assert.Single((await response.JsonAsync())["corrections"]!.AsArray());
        Assert.Equal("parents[1].givenNames", correction!["field"]!.GetValue<string>());
        Assert.Equal("""["HÉLÈNE"]""", correction["before"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Fact]
    public async Task Corrections_are_closed_once_the_application_is_lodged()
    {
        var number = await app.SubmitReadyAsync();
        Assert.Equal(HttpStatusCode.OK, (await Mairie.DepositAsync(number)).StatusCode);

        var response = await Mairie.PatchFormAsync(number, new JsonObject { ["applicant"] = new JsonObject { ["heightCm"] = 171 } }, "*");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.EndsWith(":corrections-closed", (await response.ProblemAsync())["type"]!.GetValue<string>(), StringComparison.Ordinal);
        var view = await (await Mairie.GetAsync($"/api/dr/predemandes/{number}")).JsonAsync();
        Assert.Equal(168, view["form"]!["applicant"]!["heightCm"]!.GetValue<int>());
        Assert.Empty(view["corrections"]!.AsArray());
    }
}
