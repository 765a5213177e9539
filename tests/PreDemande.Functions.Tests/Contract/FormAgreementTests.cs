using System.Text.Json.Nodes;
using CsCheck;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Contract;

/// <summary>
/// The form's schema and the server's validator agree, field by field: generated values, one field
/// changed at a time in a valid form, sent through Prism. Whatever the server accepts, the document
/// accepts. Where the rule is one of syntax alone (names, stamp, height, titles' values), whatever
/// the server refuses, the document refuses too; where it needs reference data (a commune, a
/// postcode, a mobile plan), the document may accept what the server then refuses.
/// </summary>
[Trait(Tier.Name, Tier.Http)]
public sealed class FormAgreementTests(ContractFactory app) : IClassFixture<ContractFactory>
{
    private const int SamplesPerField = 30;

    // Half well-formed names (capitals, joints, padding the server trims), half anything of these characters.
    private static readonly Gen<string> NameText = Gen.OneOf(
        Gen.OneOf("A", "É", "Œ", "Z", "a", "é", "-", "'", "’", " ", "  ", "\t", "1", ".").Array[0, 8].Select(string.Concat),
        Gen.Select(
            Gen.OneOf("A", "É", "Œ", "Ÿ", "Z").Array[1, 5].Select(string.Concat).Array[1, 3],
            Gen.OneOf("-", "'", "’", " ", "  "),
            Gen.OneOf("", " ", "\t"),
            (parts, joint, pad) => pad + string.Join(joint, parts) + pad));

    private static readonly Gen<string> StampText = Gen.OneOf(
        Gen.OneOf("1", "2", "9", "0", " ", "A", "-").Array[13, 19].Select(string.Concat),
        Gen.Select(Gen.Int[0, 9].Array[15, 17], Gen.OneOf("", " "), (digits, joint) => string.Join(joint, digits)));

    private static readonly Gen<string> EmailText = Gen.Select(
        Gen.OneOf("a", "jean.dupont", "x+y", "élodie", "", "a b"),
        Gen.OneOf("@", "@", "@", "", "@@"),
        Gen.OneOf("example.org", "ex-ample.fr", "localhost", "a.b", "-x.org", "example.o"),
        Gen.OneOf("", " ", "  "),
        (local, at, domain, pad) => pad + local + at + domain + pad);

    [Fact]
    public async Task Every_form_the_server_accepts_the_document_accepts_and_every_syntax_error_both_refuse()
    {
        var cases = new List<(string Field, JsonNode? Value, bool SyntaxOnly)>();
        void Add<T>(string field, Gen<T> gen, Func<T, JsonNode?> json, bool syntaxOnly) =>
            gen.Sample(value => cases.Add((field, json(value), syntaxOnly)), iter: SamplesPerField, threads: 1);

        Add("applicant.surname", NameText, v => v, syntaxOnly: true);
        Add("applicant.givenNames", NameText.Array[0, 3], v => new JsonArray(v.Select(n => (JsonNode?)n).ToArray()), syntaxOnly: true);
        Add("taxStamp.number", StampText, v => v, syntaxOnly: true);
        Add("applicant.heightCm", Gen.OneOf(Gen.Int[0, 300].Select(h => (JsonNode?)h), Gen.Int[0, 300].Select(h => (JsonNode?)h.ToString(System.Globalization.CultureInfo.InvariantCulture))), v => v, syntaxOnly: true);
        Add("titles", Gen.OneOf("passport", "idCard", "visa").Array[0, 3], v => new JsonArray(v.Select(t => (JsonNode?)t).ToArray()), syntaxOnly: false);
        Add("contact.email", EmailText, v => v, syntaxOnly: true);
        Add("contact.mobile", Gen.OneOf("+33612345678", "06 12 34 56 78", "0612345678", "+33 6 12 34 56 78", "06.12.34.56.78", "12", "abc", "+442071838750", "0145678901"), v => v, syntaxOnly: false);
        Add("address.postcode", Gen.OneOf("75011", "75 011", "7501", "750110", "ABCDE", " 75011 ", "99999"), v => v, syntaxOnly: false);
        Add("otherTitle", Gen.OneOf("passport", "idCard", "cni", "", "PASSPORT"), v => new JsonObject { ["type"] = v, ["expiryDate"] = Forms.YearsAgo(2) }, syntaxOnly: true);
        Add("otherTitle", Gen.OneOf(Forms.YearsAgo(7), Forms.YearsAgo(-3), Forms.YearsAgo(-20), "2020-13-01", "20200101", "2020-1-1", ""), v => new JsonObject { ["type"] = "idCard", ["expiryDate"] = v }, syntaxOnly: false);
        Add("applicant.birthPlace.communeCode", Gen.OneOf("69123", "2A004", "2a004", "69001", "99100", "6912", " 69123"), v => v, syntaxOnly: false);

        var portal = app.ClientWithKey(TestClients.PortalKey);
        var disagreements = new List<string>();
        foreach (var (field, value, syntaxOnly) in cases)
        {
            var form = Forms.AdultPassport().With(field, value?.DeepClone());
            var request = ContractFactory.Expect(new HttpRequestMessage(HttpMethod.Post, "/api/predemandes") { Content = HttpExtensions.Json(form.ToJsonString()) }, 0, invalid: null);
            var response = await portal.SendAsync(request);
            var refusedByDocument = Prism.ViolationsOf(response).Any(v => v.OnRequest);
            var status = (int)response.StatusCode;
            if (status == 201 && refusedByDocument)
            {
                disagreements.Add($"{field} = {value?.ToJsonString()}: the server accepts it, the document refuses it");
            }
            else if (status == 400 && syntaxOnly && !refusedByDocument)
            {
                disagreements.Add($"{field} = {value?.ToJsonString()}: the server refuses it ({await response.Content.ReadAsStringAsync()}), the document accepts it");
            }
            else if (status is not (201 or 400))
            {
                disagreements.Add($"{field} = {value?.ToJsonString()}: answered {status}");
            }
        }

        Assert.True(cases.Count >= 9 * SamplesPerField, $"{cases.Count} cases");
        Assert.Contains(app.Exchanges, e => e.Status == 201);
        Assert.Contains(app.Exchanges, e => e.Status == 400);
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {cases.Count}:\n" + string.Join('\n', disagreements.Distinct()));
    }
}
