using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Submission;

[Trait(Tier.Name, Tier.Http)]
public sealed class RejectingInvalidPreApplicationsTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>
{
    private static readonly string Tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>sample, path to change, new JSON value (null removes the field), field the problem must name.</summary>
    public static TheoryData<string, string, string?, string> InvalidFields => new()
    {
        { "adult", "titles", "[]", "titles" },
        { "adult", "titles", """["visa"]""", "titles[0]" },
        { "adult", "titles", """["passport","passport"]""", "titles" },
        { "adult", "reason", "\"lost\"", "reason" },
        { "adult", "renewalCause", "\"expired\"", "renewalCause" },
        { "adult", "previousTitle", """{"number":"18AB12345","issuedOn":"2020-01-01"}""", "previousTitle" },
        { "adult", "applicant", null, "applicant" },
        { "adult", "applicant.surname", "\"dupont\"", "applicant.surname" },
        { "adult", "applicant.surname", "\"DUP0NT\"", "applicant.surname" },
        { "adult", "applicant.surname", "\"ŁUKASZEWICZ\"", "applicant.surname" },
        { "adult", "applicant.surname", "\"" + new string('A', 101) + "\"", "applicant.surname" },
        { "adult", "applicant.surname", "\"DUPONT--MARTIN\"", "applicant.surname" },
        { "adult", "applicant.usageName", "\"épouse martin\"", "applicant.usageName" },
        { "adult", "applicant.givenNames", "[]", "applicant.givenNames" },
        { "adult", "applicant.givenNames[1]", "\"MARIE!\"", "applicant.givenNames[1]" },
        { "adult", "applicant.sex", "\"X\"", "applicant.sex" },
        { "adult", "applicant.birthDate", "\"" + Tomorrow + "\"", "applicant.birthDate" },
        { "adult", "applicant.birthDate", "\"1850-01-01\"", "applicant.birthDate" },
        { "adult", "applicant.birthDate", "\"12/04/1990\"", "applicant.birthDate" },
        { "adult", "applicant.birthPlace", "{}", "applicant.birthPlace" },
        { "adult", "applicant.birthPlace.communeCode", "\"59000\"", "applicant.birthPlace.communeCode" },
        { "adult", "applicant.birthPlace.communeCode", "\"99100\"", "applicant.birthPlace.communeCode" },
        { "adult", "applicant.birthPlace.communeName", "\"MARSEILLE\"", "applicant.birthPlace.communeName" },
        { "adult", "applicant.birthPlace", """{"countryCode":"ZZ","city":"NULLE PART"}""", "applicant.birthPlace.countryCode" },
        { "adult", "applicant.birthPlace", """{"countryCode":"FR","city":"PARIS"}""", "applicant.birthPlace.countryCode" },
        { "adult", "applicant.heightCm", "300", "applicant.heightCm" },
        { "adult", "applicant.heightCm", null, "applicant.heightCm" },
        { "adult", "applicant.heightCm", "\"grand\"", "applicant.heightCm" },
        { "adult", "applicant.eyeColour", "\"purple\"", "applicant.eyeColour" },
        { "adult", "applicant.eyeColour", null, "applicant.eyeColour" },
        { "adult", "applicant.nationality", """{"basis":"marriage"}""", "applicant.nationality.basis" },
        { "adult", "parents", """[{"unknown":true}]""", "parents" },
        { "adult", "parents[0]", """{"unknown":true,"surname":"X"}""", "parents[0]" },
        { "adult", "parents[1].surname", "\"d'artagnan\"", "parents[1].surname" },
        { "adult", "parents[1].birthDate", "\"" + Forms.YearsAgo(1) + "\"", "parents[1].birthDate" },
        { "adult", "address.postcode", "\"7501\"", "address.postcode" },
        { "adult", "address.postcode", "\"00000\"", "address.postcode" },
        { "adult", "address.city", "\"LYON\"", "address.city" },
        { "adult", "address.line1", null, "address.line1" },
        { "adult", "address.countryCode", "\"XX\"", "address.countryCode" },
        { "adult", "contact.email", "\"pas-une-adresse\"", "contact.email" },
        { "adult", "contact.mobile", "\"+33145678901\"", "contact.mobile" },
        { "adult", "contact.mobile", "\"+4915112345678\"", "contact.mobile" },
        { "adult", "contact.mobile", "\"12\"", "contact.mobile" },
        { "adult", "contact.mobile", null, "contact.mobile" },
        { "adult", "taxStamp.number", "\"12345\"", "taxStamp.number" },
        { "adult", "taxStamp", null, "taxStamp" },
        { "adult", "legalRepresentative", """{"capacity":"mother","surname":"X","givenNames":["Y"],"birthDate":"1970-01-01"}""", "legalRepresentative" },
        { "minor", "legalRepresentative", null, "legalRepresentative" },
        { "minor", "legalRepresentative.capacity", "\"uncle\"", "legalRepresentative.capacity" },
        { "minor", "legalRepresentative.birthDate", "\"" + Forms.YearsAgo(16) + "\"", "legalRepresentative.birthDate" },
        { "minor", "taxStamp", """{"number":"1234567890123456"}""", "taxStamp" },
        { "loss", "previousTitle.number", "\"AB\"", "previousTitle.number" },
        { "abroad", "previousTitle", null, "previousTitle" },
        { "abroad", "renewalCause", null, "renewalCause" },
        { "abroad", "previousTitle.issuedOn", "\"" + Tomorrow + "\"", "previousTitle.issuedOn" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task Each_invalid_field_gets_a_400_problem_naming_it_and_nothing_is_stored(string sample, string path, string? value, string field)
    {
        var form = sample switch
        {
            "adult" => Forms.AdultPassport(),
            "minor" => Forms.MinorIdCard(),
            "loss" => Forms.LossWithUnknownFather(),
            _ => Forms.BornAbroad(),
        };
        if (path == "contact.mobile" && value is null)
        {
            // SMS consent without a mobile number.
            form = form.With("contact.smsConsent", JsonValue.Create(true));
        }

        form.With(path, value is null ? null : JsonNode.Parse(value));
        var before = await app.PreApplicationCountAsync();

        var response = await app.ClientWithKey(TestClients.PortalKey).PostFormAsync(form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"expected an error for {field}, got {errors.ToJsonString()}");
        Assert.All(errors[field]!.AsArray(), message => Assert.False(string.IsNullOrWhiteSpace(message!.GetValue<string>())));
        Assert.Equal(before, await app.PreApplicationCountAsync());
    }

    [Fact]
    public async Task A_number_sent_as_a_string_gets_the_field_error_of_any_value_of_the_wrong_type()
    {
        var portal = app.ClientWithKey(TestClients.PortalKey);

        var asText = await portal.PostFormAsync(Forms.AdultPassport().With("applicant.heightCm", JsonValue.Create("168")));
        var asBoolean = await portal.PostFormAsync(Forms.AdultPassport().With("applicant.heightCm", JsonValue.Create(true)));

        Assert.Equal(HttpStatusCode.BadRequest, asText.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, asBoolean.StatusCode);
        var textErrors = (await asText.ProblemAsync())["errors"]!.AsObject();
        var booleanErrors = (await asBoolean.ProblemAsync())["errors"]!.AsObject();
        Assert.Equal(["applicant.heightCm"], textErrors.Select(e => e.Key));
        Assert.True(JsonNode.DeepEquals(booleanErrors["applicant.heightCm"], textErrors["applicant.heightCm"]), $"{textErrors.ToJsonString()} is not {booleanErrors.ToJsonString()}");
    }

    public static TheoryData<string, string, HttpStatusCode> MalformedBodies => new()
    {
        { "application/json", "{\"titles\": [\"passport\"", HttpStatusCode.BadRequest },
        { "application/json", "not json at all", HttpStatusCode.BadRequest },
        { "application/json", "[1, 2, 3]", HttpStatusCode.BadRequest },
        { "application/json", "null", HttpStatusCode.BadRequest },
        { "application/json", "", HttpStatusCode.BadRequest },
        { "application/json", "{\"applicant\": {\"heightCm\": 1e400}}", HttpStatusCode.BadRequest },
        { "text/plain", "{}", HttpStatusCode.UnsupportedMediaType },
        { "application/x-www-form-urlencoded", "titles=passport", HttpStatusCode.UnsupportedMediaType },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_body_or_wrong_content_type_gets_a_4xx_problem_and_nothing_is_stored(string mediaType, string body, HttpStatusCode expected)
    {
        var before = await app.PreApplicationCountAsync();

        var response = await app.ClientWithKey(TestClients.PortalKey).PostAsync("/api/predemandes", HttpExtensions.Json(body, mediaType));

        Assert.Equal(expected, response.StatusCode);
        await response.ProblemAsync();
        Assert.Equal(before, await app.PreApplicationCountAsync());
    }

    [Fact]
    public async Task An_oversized_body_gets_413_and_nothing_is_stored()
    {
        var form = Forms.AdultPassport().With("address.line2", JsonValue.Create(new string('A', 100_000)));
        var before = await app.PreApplicationCountAsync();

        var response = await app.ClientWithKey(TestClients.PortalKey).PostAsync("/api/predemandes", new StringContent(form.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await response.ProblemAsync();
        Assert.Equal(before, await app.PreApplicationCountAsync());
    }

    [Fact]
    public async Task All_field_errors_are_reported_at_once()
    {
        var form = Forms.AdultPassport()
            .With("applicant.surname", JsonValue.Create("dupont"))
            .With("address.postcode", JsonValue.Create("123"))
            .With("contact.email", JsonValue.Create("nope"));

        var response = await app.ClientWithKey(TestClients.PortalKey).PostFormAsync(form);

        var errors = (await response.ProblemAsync())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("applicant.surname"));
        Assert.True(errors.ContainsKey("address.postcode"));
        Assert.True(errors.ContainsKey("contact.email"));
    }
}
