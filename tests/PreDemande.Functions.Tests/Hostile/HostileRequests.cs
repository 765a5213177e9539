using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Hostile;

/// <summary>One bad request, with what kind of bad it is (to replay a failure: same seed, same index).</summary>
public sealed record HostileRequest(int Index, string Kind, HttpMethod Method, string Path, string? Key, string KeyHeader, string? Body, string? ContentType, bool AntsShaped)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Path);
        if (Key is not null)
        {
            message.Headers.TryAddWithoutValidation(KeyHeader, Key);
        }

        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
            if (ContentType is not null)
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
            }
        }

        return message;
    }
}

/// <summary>
/// A seeded generator of requests the API must refuse: malformed, truncated and deeply nested
/// JSON, wrong types, huge strings and arrays, control characters and odd Unicode, script and
/// injection strings in every text field, bad numbers in every path, oversized bodies, wrong
/// content types, bad and missing keys and tokens. Every form it sends is also invalid by
/// construction (a date of birth in the future), so none may be accepted.
/// </summary>
public sealed class HostileRequests(int seed, string knownNumber)
{
    private static readonly string[] Nasty =
    [
        "<script>alert(1)</script>", "'; DROP TABLE predemandes; --", "${jndi:ldap://127.0.0.1/a}", "../../../../etc/passwd",
        "\u0000\u0001\u001f", "\u202Egnp.exe", "\ud83d\ude00\ud83d\ude00", "\\ud800", "%00%0d%0a", "{{7*7}}", "\r\nX-Injected: 1",
        "Ａ\u0301\u0301\u0301", new string('A', 70_000), "null", "true", "1e999", "-0", "NaN", "\uFEFF\uFFFE",
    ];

    private static readonly string[] BadNumbers =
    [
        "", "AB", "ABCDEFGHIJK", "AB12CD34E%21", "..%2F..%2Fetc", "AB12CD34EF%20%20X", "%C3%89%C3%89%C3%89%C3%89%C3%89%C3%89%C3%89%C3%89%C3%89%C3%89",
        "%3Cscript%3E", "AB12CD34E%C3%A9", "0000000000000000000000000000", "AB12-CD34",
    ];

    private static readonly string[] TextFields =
    [
        "applicant.surname", "applicant.usageName", "applicant.givenNames", "applicant.sex", "applicant.birthPlace.communeName", "applicant.birthPlace.city",
        "address.line1", "address.line2", "address.city", "address.postcode", "contact.email", "contact.mobile", "reason", "renewalCause", "taxStamp.number",
        "applicant.eyeColour", "applicant.nationality.basis", "parents",
    ];

    private readonly Random _random = new(seed);

    public IEnumerable<HostileRequest> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return (_random.Next(12)) switch
            {
                0 => Form(i, "truncated-json", Truncated(Forms.AdultPassport().ToJsonString())),
                1 => Form(i, "deep-nesting", Nested(_random.Next(70, 3000))),
                2 => Form(i, "wrong-type", WrongType()),
                3 => Form(i, "nasty-text", NastyText()),
                4 => Form(i, "huge-array", Invalid().With("applicant.givenNames", new JsonArray(Enumerable.Range(0, _random.Next(100, 5000)).Select(n => (JsonNode?)JsonValue.Create($"X{n}")).ToArray())).ToJsonString()),
                5 => new HostileRequest(i, "oversized", HttpMethod.Post, "/api/predemandes", TestClients.PortalKey, "X-Api-Key", new string(' ', 70_000) + "{}", "application/json", false),
                6 => new HostileRequest(i, "content-type", HttpMethod.Post, "/api/predemandes", TestClients.PortalKey, "X-Api-Key", Invalid().ToJsonString(), Pick(["text/plain", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json-patch+json"]), false),
                7 => BadPath(i),
                8 => BadKey(i),
                9 => BadPatch(i),
                10 => BadEvent(i),
                _ => BadBooking(i),
            };
        }
    }

    // Valid in shape, refused for its date of birth in the future.
    private JsonObject Invalid() => Forms.AdultPassport().With("applicant.birthDate", JsonValue.Create(DateTime.UtcNow.AddYears(1 + _random.Next(50)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));

    private static HostileRequest Form(int index, string kind, string body) =>
        new(index, kind, HttpMethod.Post, "/api/predemandes", TestClients.PortalKey, "X-Api-Key", body, "application/json", false);

    private string Truncated(string json) => json[.._random.Next(0, json.Length - 1)];

    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":[", depth)) + string.Concat(Enumerable.Repeat("]}", depth));

    private string WrongType()
    {
        var form = Invalid();
        JsonNode?[] values = [JsonValue.Create(42), JsonValue.Create(true), new JsonArray(JsonValue.Create(1)), new JsonObject { ["x"] = 1 }, null, JsonValue.Create(-1.5e300)];
        return form.With(Pick(TextFields.Concat(["titles", "applicant.heightCm", "contact.smsConsent", "parents", "applicant.birthPlace"]).ToArray()), values[_random.Next(values.Length)]).ToJsonString();
    }

    private string NastyText()
    {
        var form = Invalid();
        for (var n = 0; n < 1 + _random.Next(4); n++)
        {
            form = form.With(Pick(TextFields), JsonValue.Create(Pick(Nasty)));
        }

        return form.ToJsonString();
    }

    private HostileRequest BadPath(int index)
    {
        var number = Pick(BadNumbers);
        var (method, path, key) = _random.Next(7) switch
        {
            0 => (HttpMethod.Get, $"/api/predemandes/{number}", TestClients.PortalKey),
            1 => (HttpMethod.Get, $"/api/predemandes/{number}/recap", TestClients.PortalKey),
            2 => (HttpMethod.Get, $"/api/dr/predemandes/{number}", TestClients.MairieKey),
            3 => (HttpMethod.Post, $"/api/dr/predemandes/{number}/deposit", TestClients.MairieKey),
            4 => (HttpMethod.Get, $"/api/dr/predemandes/{number}/receipt", TestClients.MairieKey),
            5 => (HttpMethod.Get, $"/api/prefecture/predemandes/{number}", TestClients.PrefectureKey),
            _ => (HttpMethod.Post, $"/api/prefecture/predemandes/{number}/events", TestClients.PrefectureKey),
        };
        return new HostileRequest(index, "bad-number", method, path, key, "X-Api-Key", method == HttpMethod.Post ? """{"type":"instructionStarted"}""" : null, method == HttpMethod.Post ? "application/json" : null, false);
    }

    private HostileRequest BadKey(int index)
    {
        var key = Pick<string?>([null, "", "wrong", new string('k', 5000), "test-portal-key ", "Bearer x.y.z", TestClients.BookingKey, "\u00e9\u00e9"]);
        var (path, method) = Pick([("/api/predemandes", HttpMethod.Post), ($"/api/predemandes/{knownNumber}", HttpMethod.Get), ($"/api/dr/predemandes/{knownNumber}", HttpMethod.Get), ($"/api/prefecture/predemandes/{knownNumber}", HttpMethod.Get), ($"/api/dr/predemandes/{knownNumber}/deposit", HttpMethod.Post)]);
        var header = _random.Next(3) == 0 ? "Authorization" : "X-Api-Key";
        return new HostileRequest(index, "bad-key", method, path, header == "Authorization" && key is not null ? $"Bearer {key}" : key, header, method == HttpMethod.Post ? Invalid().ToJsonString() : null, method == HttpMethod.Post ? "application/json" : null, false);
    }

    private HostileRequest BadPatch(int index)
    {
        var body = Pick([
            "{\"form\": {\"applicant\": {\"surname\": 12}}}", "{\"notForm\": 1}", "[]", "\"text\"", "{\"form\": null}", "{\"form\": {\"titles\": []}}",
            Truncated("{\"form\": {\"applicant\": {\"surname\": \"DUPONT\"}}}"), Nested(200), $"{{\"form\": {{\"address\": {{\"line1\": \"{Pick(Nasty).Replace("\"", "'", StringComparison.Ordinal).Replace("\\", "/", StringComparison.Ordinal)}\", \"postcode\": \"x\"}}}}}}",
        ]);
        var withEtag = _random.Next(2) == 0;
        return new HostileRequest(index, withEtag ? "bad-patch" : "patch-without-if-match", HttpMethod.Patch, $"/api/dr/predemandes/{knownNumber}", TestClients.MairieKey, "X-Api-Key", body, Pick(["application/merge-patch+json", "application/json"]), false);
    }

    private HostileRequest BadEvent(int index)
    {
        var body = Pick(["{}", "{\"type\": \"lost\"}", "{\"type\": 5}", "{\"type\": \"refused\"}", "{\"type\": \"available\", \"eventId\": \"" + new string('e', 500) + "\"}", "{\"type\": \"available\", \"reason\": \"" + new string('r', 5000) + "\"}", "null", Nested(100)]);
        return new HostileRequest(index, "bad-event", HttpMethod.Post, $"/api/prefecture/predemandes/{knownNumber}/events", TestClients.PrefectureKey, "X-Api-Key", body, "application/json", false);
    }

    private HostileRequest BadBooking(int index)
    {
        var value = Uri.EscapeDataString(Pick(["", "ABC", knownNumber + ",", knownNumber + "__X", Pick(Nasty).Length > 200 ? "Z" : Pick(Nasty), string.Join(",", Enumerable.Range(0, 25).Select(_ => PreDemande.Core.Numbers.PreApplicationNumber.New()))]));
        var path = _random.Next(3) switch
        {
            0 => $"/api/status?application_ids={value}",
            1 => $"/api/appointments?application_id={value}&meeting_point_id=1&meeting_point=M&appointment_date=2026-12-03%2008:45:00&management_url=https://x.fr/{index}",
            _ => $"/api/appointments?application_id={knownNumber}&meeting_point_id=1&meeting_point=M&appointment_date={value}&management_url=https://x.fr/{index}",
        };
        return new HostileRequest(index, "bad-booking", path.StartsWith("/api/status", StringComparison.Ordinal) ? HttpMethod.Get : HttpMethod.Post, path, TestClients.BookingKey, "x-rdv-opt-auth-token", null, null, AntsShaped: true);
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}
