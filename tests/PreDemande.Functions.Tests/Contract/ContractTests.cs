using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PreDemande.Core.Numbers;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Contract;

/// <summary>
/// The published contract against the server, judged by Prism: every operation of
/// docs/openapi.json is called with every status it documents (and every status it answers),
/// for every role; an answer the document does not describe, a request the document judges
/// otherwise than the server, or a documented status never seen fails the test.
/// </summary>
[Trait(Tier.Name, Tier.Http)]
public sealed class ContractTests(ContractFactory app) : IClassFixture<ContractFactory>
{
    private const string Booking = "x-rdv-opt-auth-token";

    // One test per phase: each checks that Prism and the suite agree on the phase's own exchanges.
    // The phases run once per fixture, one after the other (ContractFactory.RunPhaseAsync), so the
    // coverage test below sees every exchange without running a phase twice.
    [Fact]
    public Task Generic_refusals_of_every_operation_are_described_by_the_document() => AgreesAsync(nameof(GenericAnswersAsync));

    [Fact]
    public Task Every_request_example_is_accepted_by_the_document_and_the_server() => AgreesAsync(nameof(ExamplesAsync));

    [Fact]
    public Task The_portal_s_operations_answer_as_the_document_describes() => AgreesAsync(nameof(PortalAsync));

    [Fact]
    public Task The_draft_operations_answer_as_the_document_describes() => AgreesAsync(nameof(DraftsAsync));

    [Fact]
    public Task The_mairie_s_operations_answer_as_the_document_describes() => AgreesAsync(nameof(MairieAsync));

    [Fact]
    public Task The_prefecture_s_operations_answer_as_the_document_describes() => AgreesAsync(nameof(PrefectureAsync));

    [Fact]
    public Task The_booking_operations_answer_as_the_document_describes() => AgreesAsync(nameof(BookingAsync));

    [Fact]
    public Task The_notification_operations_answer_as_the_document_describes() => AgreesAsync(nameof(NotificationsAsync));

    [Fact]
    public Task The_health_check_answers_as_the_document_describes() => AgreesAsync(nameof(HealthAsync));

    [Fact]
    public async Task Every_documented_status_is_answered_by_some_phase()
    {
        await RunAsync(nameof(HealthAsync)); // and every phase before it

        var seen = app.Exchanges.Where(e => e.Operation is not null).Select(e => (e.Operation!, e.Status)).ToHashSet();
        var undocumented = seen.Except(app.DocumentedAnswers()).Select(a => $"{a.Item1} answered {a.Item2}, not documented");
        var unseen = app.DocumentedAnswers()
            // 429: RateLimitedContractTests, through Prism as well.
            .Where(a => a.Status != 429 && !seen.Contains(a))
            .Select(a => $"{a.Operation} documents {a.Status}, never answered here");
        var problems = undocumented.Concat(unseen).ToArray();

        Assert.True(app.Exchanges.Count > 150, $"only {app.Exchanges.Count} exchanges");
        Assert.True(problems.Length == 0, $"{problems.Length} gap(s) over {app.Exchanges.Count} exchanges:\n" + string.Join('\n', problems));
    }

    private Dictionary<string, Func<Task>> Phases => new(StringComparer.Ordinal)
    {
        [nameof(GenericAnswersAsync)] = GenericAnswersAsync,
        [nameof(ExamplesAsync)] = ExamplesAsync,
        [nameof(PortalAsync)] = PortalAsync,
        [nameof(DraftsAsync)] = DraftsAsync,
        [nameof(MairieAsync)] = MairieAsync,
        [nameof(PrefectureAsync)] = PrefectureAsync,
        [nameof(BookingAsync)] = BookingAsync,
        [nameof(NotificationsAsync)] = NotificationsAsync,
        [nameof(HealthAsync)] = HealthAsync,
    };

    private async Task<IReadOnlyList<ContractFactory.Exchange>> RunAsync(string phase)
    {
        if (phase == nameof(HealthAsync))
        {
            // The health phase stops storage: every other phase runs before it.
            foreach (var other in Phases.Keys.Where(p => p != phase))
            {
                await app.RunPhaseAsync(other, Phases[other]);
            }
        }

        return await app.RunPhaseAsync(phase, Phases[phase]);
    }

    private async Task AgreesAsync(string phase)
    {
        var exchanges = await RunAsync(phase);

        var disagreements = exchanges.SelectMany(e => e.Disagreements()).Distinct().ToArray();
        Assert.NotEmpty(exchanges);
        Assert.True(disagreements.Length == 0, $"{disagreements.Length} disagreement(s) over {exchanges.Count} exchanges:\n" + string.Join('\n', disagreements));
    }

    // 401 without credentials, 403 with a role the operation refuses, 400 for a malformed number,
    // 415 for a body that is not JSON, 413 for one too large: for every operation they apply to.
    private async Task GenericAnswersAsync()
    {
        foreach (var (method, template, operation) in Operations())
        {
            var path = template.Replace("{number}", PreApplicationNumber.New(), StringComparison.Ordinal).Replace("{id}", Guid.NewGuid().ToString("N"), StringComparison.Ordinal);
            var responses = operation["responses"]!.AsObject();
            if (operation["security"] is not JsonArray { Count: > 0 })
            {
                continue;
            }

            var mediaType = operation["requestBody"]?["content"]?.AsObject().First().Key;
            var body = mediaType is null ? null : Json("{}", mediaType);
            var ifMatch = method == "PATCH" ? new[] { ("If-Match", "\"x\"") } : [];
            await Call(app.ClientWithKey(null), method, path, 401, body, invalid: true, ifMatch);
            var (key, header) = OtherRole(operation);
            await Call(app.ClientWithKey(key, header), method, path, 403, body, invalid: null, ifMatch);
            if (template.Contains("{number}", StringComparison.Ordinal))
            {
                await Call(Allowed(operation), method, template.Replace("{number}", "ABC", StringComparison.Ordinal), 400, body, invalid: true, ifMatch);
            }

            if (responses.ContainsKey("415"))
            {
                await Call(Allowed(operation), method, path, 415, new StringContent("x", Encoding.UTF8, "text/plain"), invalid: true, ifMatch);
            }

            if (responses.ContainsKey("413") && mediaType is not null)
            {
                await Call(Allowed(operation), method, path, 413, Json($$"""{"pad": "{{new string('x', 2_000_000)}}"}""", mediaType), invalid: null, ifMatch);
            }
        }
    }

    // Every request example of the document is a request the document and the server accept.
    private async Task ExamplesAsync()
    {
        var expected = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["SubmitPreApplication"] = 201,
            ["MairieSearch"] = 200,
            ["MairieCorrect"] = 404,
            ["MairieDeposit"] = 404,
            ["CreateDraft"] = 201,
            ["SaveDraft"] = 404,
            ["PrefectureEvent"] = 404,
            // Without the subscription's ?key=, as a stranger would send it.
            ["DeliveryReports"] = 401,
        };
        var examples = 0;
        foreach (var (method, template, operation) in Operations())
        {
            if (operation["requestBody"]?["content"]?.AsObject().FirstOrDefault() is not { Value: { } media, Key: var mediaType } || media["example"] is not { } example)
            {
                continue;
            }

            var id = operation["operationId"]!.GetValue<string>();
            Assert.True(expected.TryGetValue(id, out var status), $"{id} has an example this suite does not send");
            var path = template.Replace("{number}", PreApplicationNumber.New(), StringComparison.Ordinal).Replace("{id}", Guid.NewGuid().ToString("N"), StringComparison.Ordinal);
            await Call(Allowed(operation), method, path, status, Json(example.ToJsonString(), mediaType), headers: method == "PATCH" ? [("If-Match", "\"x\"")] : []);
            examples++;
        }

        Assert.Equal(expected.Count, examples);
    }

    private async Task PortalAsync()
    {
        var account = $"fc-sub-{Guid.NewGuid():N}";
        var portal = Portal(account);
        var created = await Call(portal, "POST", "/api/predemandes", 201, Json(Forms.AdultPassport().ToJsonString()));
        var number = (await created.JsonAsync())["number"]!.GetValue<string>();
        await Call(portal, "POST", "/api/predemandes", 400, Json(Forms.AdultPassport().With("applicant.surname", "dupont").ToJsonString()), invalid: true);
        await Call(portal, "POST", "/api/predemandes", 400, Json(Forms.AdultPassport().With("address.postcode", "99999").ToJsonString()));
        await Call(portal, "POST", "/api/predemandes", 400, Json("""{"titles": "passport"}"""), invalid: true);
        await Call(portal, "POST", "/api/predemandes", 201, Json(Forms.MinorIdCard().ToJsonString()), headers: ("Idempotency-Key", "contract-1"));
        await Call(portal, "POST", "/api/predemandes", 422, Json(Forms.LossWithUnknownFather().ToJsonString()), headers: ("Idempotency-Key", "contract-1"));

        await Call(portal, "GET", "/api/predemandes", 200);
        await Call(portal, "GET", "/api/predemandes?pageSize=0", 400, invalid: true);
        await Call(portal, "GET", $"/api/predemandes/{number}", 200);
        await Call(Portal($"fc-sub-{Guid.NewGuid():N}"), "GET", $"/api/predemandes/{number}", 404);
        await Eventually.Async(async () => (await portal.GetAsync($"/api/predemandes/{number}/recap")).StatusCode, s => s == System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        await Call(portal, "GET", $"/api/predemandes/{number}/recap", 200);
        await Call(Portal($"fc-sub-{Guid.NewGuid():N}"), "GET", $"/api/predemandes/{number}/recap", 404);
        await app.Blobs.GetBlobContainerClient("recaps").GetBlobClient($"{number}.pdf").DeleteIfExistsAsync();
        await Call(portal, "GET", $"/api/predemandes/{number}/recap", 503);

        var withdrawn = await SubmitAsync(account);
        await Call(portal, "DELETE", $"/api/predemandes/{withdrawn}", 204);
        await Call(portal, "DELETE", $"/api/predemandes/{PreApplicationNumber.New()}", 404);
        var lodged = await SubmitAsync(account);
        await Call(Mairie, "POST", $"/api/dr/predemandes/{lodged}/deposit", 200);
        await Call(portal, "DELETE", $"/api/predemandes/{lodged}", 409);

        // Erased while its recap is still stored (a withdrawal tombstones first, then erases): the recap does not leave.
        var purged = await SubmitAsync(account);
        await Eventually.Async(async () => (await app.Blobs.GetBlobContainerClient("recaps").GetBlobClient($"{purged}.pdf").ExistsAsync()).Value, e => e, TimeSpan.FromSeconds(20));
        await app.SetEntityAsync(purged, new() { ["Status"] = "purged" });
        await Call(portal, "GET", $"/api/predemandes/{purged}", 410);
        await Call(portal, "GET", $"/api/predemandes/{purged}/recap", 410);
        await Call(Mairie, "GET", $"/api/predemandes/{purged}/recap", 410);
        await Call(portal, "DELETE", $"/api/predemandes/{purged}", 410);
    }

    private async Task DraftsAsync()
    {
        var account = $"fc-sub-{Guid.NewGuid():N}";
        var drafts = Portal(account);
        var partial = Json("""{"titles": ["idCard"], "applicant": {"surname": "MARTIN"}}""");
        var id = (await (await Call(drafts, "POST", "/api/brouillons", 201, partial)).JsonAsync())["id"]!.GetValue<string>();
        await Call(Portal(null), "POST", "/api/brouillons", 400, Json("{}"), invalid: true);
        await Call(drafts, "POST", "/api/brouillons", 400, Json($$"""{"reason": "{{new string('x', 300)}}"}"""), invalid: true);
        await Call(drafts, "GET", $"/api/brouillons/{id}", 200);
        await Call(Portal(null), "GET", $"/api/brouillons/{id}", 400, invalid: true);
        await Call(drafts, "GET", $"/api/brouillons/{Guid.NewGuid():N}", 404);
        await Call(drafts, "PUT", $"/api/brouillons/{id}", 200, Json(Forms.AdultPassport().ToJsonString()));
        await Call(Portal(null), "PUT", $"/api/brouillons/{id}", 400, Json("{}"), invalid: true);
        await Call(drafts, "PUT", $"/api/brouillons/{Guid.NewGuid():N}", 404, Json("{}"));
        await Call(drafts, "POST", $"/api/brouillons/{id}/submit", 201);
        await Call(drafts, "POST", $"/api/brouillons/{Guid.NewGuid():N}/submit", 404);
        await Call(Portal(null), "POST", $"/api/brouillons/{id}/submit", 400, invalid: true);
        var incomplete = (await (await Call(drafts, "POST", "/api/brouillons", 201, Json("{}"))).JsonAsync())["id"]!.GetValue<string>();
        await Call(drafts, "POST", $"/api/brouillons/{incomplete}/submit", 400);
        var first = (await (await Call(drafts, "POST", "/api/brouillons", 201, Json(Forms.AdultPassport().ToJsonString()))).JsonAsync())["id"]!.GetValue<string>();
        var second = (await (await Call(drafts, "POST", "/api/brouillons", 201, Json(Forms.MinorIdCard().ToJsonString()))).JsonAsync())["id"]!.GetValue<string>();
        await Call(drafts, "POST", $"/api/brouillons/{first}/submit", 201, headers: ("Idempotency-Key", "contract-drafts"));
        await Call(drafts, "POST", $"/api/brouillons/{second}/submit", 422, headers: ("Idempotency-Key", "contract-drafts"));
        await Call(drafts, "DELETE", $"/api/brouillons/{incomplete}", 204);
        await Call(drafts, "DELETE", $"/api/brouillons/{incomplete}", 404);
        await Call(Portal(null), "DELETE", $"/api/brouillons/{incomplete}", 400, invalid: true);

        var full = Portal($"fc-sub-{Guid.NewGuid():N}");
        for (var i = 0; i < 20; i++)
        {
            await full.PostAsync("/api/brouillons", Json("{}"));
        }

        await Call(full, "POST", "/api/brouillons", 409, Json("{}"));
    }

    private async Task MairieAsync()
    {
        var number = await SubmitAsync(null);
        await Call(Mairie, "GET", $"/api/dr/predemandes/{number}", 200);
        await Call(Mairie, "GET", $"/api/dr/predemandes/{PreApplicationNumber.New()}", 404);
        var etag = (await Mairie.GetAsync($"/api/dr/predemandes/{number}")).Headers.ETag!.ToString();
        await Call(Mairie, "PATCH", $"/api/dr/predemandes/{number}", 200, Json("""{"form": {"applicant": {"usageName": "MARTIN"}}}""", "application/merge-patch+json"), headers: ("If-Match", etag));
        await Call(Mairie, "PATCH", $"/api/dr/predemandes/{number}", 412, Json("""{"form": {"applicant": {"usageName": "DURAND"}}}""", "application/merge-patch+json"), headers: ("If-Match", etag));
        await Call(Mairie, "PATCH", $"/api/dr/predemandes/{number}", 428, Json("""{"form": {"applicant": {"usageName": "DURAND"}}}""", "application/merge-patch+json"), invalid: true);
        etag = (await Mairie.GetAsync($"/api/dr/predemandes/{number}")).Headers.ETag!.ToString();
        await Call(Mairie, "PATCH", $"/api/dr/predemandes/{number}", 400, Json("""{"form": {"applicant": {"usageName": "durand"}}}""", "application/merge-patch+json"), headers: ("If-Match", etag), invalid: null);
        await Call(Mairie, "PATCH", $"/api/dr/predemandes/{PreApplicationNumber.New()}", 404, Json("""{"form": {}}""", "application/merge-patch+json"), headers: ("If-Match", etag));

        await Call(Mairie, "POST", "/api/dr/search", 200, Json($$"""{"input": "{{number}} ; AB12CD34EF"}"""));
        await Call(Mairie, "POST", "/api/dr/search", 400, Json("""{"input": " "}"""), invalid: true);

        await Call(Mairie, "GET", $"/api/dr/predemandes/{number}/receipt", 409);
        await Call(Mairie, "GET", $"/api/dr/predemandes/{PreApplicationNumber.New()}/receipt", 404);
        await Call(Mairie, "POST", $"/api/dr/predemandes/{number}/deposit", 400, Json("""{"waived": ["photo"]}"""), invalid: true);
        await Call(Mairie, "POST", $"/api/dr/predemandes/{number}/deposit", 200);
        await Call(Mairie, "POST", $"/api/dr/predemandes/{PreApplicationNumber.New()}/deposit", 404);
        await Call(Mairie, "GET", $"/api/dr/predemandes/{number}/receipt", 200);
        await Call(OtherMairie, "GET", $"/api/dr/predemandes/{number}", 409);
        await Call(OtherMairie, "POST", $"/api/dr/predemandes/{number}/deposit", 409);
        await Call(OtherMairie, "GET", $"/api/dr/predemandes/{number}/receipt", 409);
        await Call(OtherMairie, "PATCH", $"/api/dr/predemandes/{number}", 409, Json("""{"form": {}}""", "application/merge-patch+json"), headers: ("If-Match", etag));
        await Call(Mairie, "GET", $"/api/predemandes/{number}/recap", 200);

        var expired = await SubmitAsync(null);
        await app.SetEntityAsync(expired, new() { ["Status"] = "expired" });
        await Call(Mairie, "GET", $"/api/dr/predemandes/{expired}", 410);
        await Call(Mairie, "POST", $"/api/dr/predemandes/{expired}/deposit", 410);
        await Call(Mairie, "GET", $"/api/dr/predemandes/{expired}/receipt", 410);
        await Call(Mairie, "PATCH", $"/api/dr/predemandes/{expired}", 410, Json("""{"form": {}}""", "application/merge-patch+json"), headers: ("If-Match", "\"x\""));
    }

    private async Task PrefectureAsync()
    {
        var number = await SubmitAsync(null);
        await Call(Prefecture, "GET", $"/api/prefecture/predemandes/{number}", 409);
        await Call(Prefecture, "POST", $"/api/prefecture/predemandes/{number}/events", 409, Json("""{"type": "instructionStarted"}"""));
        await Mairie.PostAsync($"/api/dr/predemandes/{number}/deposit", null);
        await Call(Prefecture, "GET", $"/api/prefecture/predemandes/{number}", 200);
        await Call(Prefecture, "GET", $"/api/prefecture/predemandes/{PreApplicationNumber.New()}", 404);
        await Call(Prefecture, "POST", $"/api/prefecture/predemandes/{number}/events", 200, Json("""{"type": "instructionStarted", "eventId": "cert-1"}"""));
        await Call(Prefecture, "POST", $"/api/prefecture/predemandes/{number}/events", 400, Json("""{"type": "refused"}"""), invalid: true);
        await Call(Prefecture, "POST", $"/api/prefecture/predemandes/{number}/events", 400, Json("""{"type": "lost"}"""), invalid: true);
        await Call(Prefecture, "POST", $"/api/prefecture/predemandes/{PreApplicationNumber.New()}/events", 404, Json("""{"type": "instructionStarted"}"""));
    }

    private async Task BookingAsync()
    {
        var number = await SubmitAsync(null);
        var booking = app.ClientWithKey(TestClients.BookingKey, Booking);
        await Call(booking, "GET", $"/api/status?application_ids={number}", 200);
        await Call(booking, "GET", "/api/status?application_ids=AB12", 422, invalid: true);
        await Call(booking, "GET", "/api/status", 422, invalid: true);
        var slot = $"application_id={number}&meeting_point_id=mp-1&meeting_point=Mairie%20de%20Paris&appointment_date=2027-01-15%2010:30:00";
        await Call(booking, "POST", $"/api/appointments?{slot}&management_url=https://rdv.example.org/1", 200);
        await Call(booking, "POST", $"/api/appointments?{slot}", 422, invalid: true);
        var unknown = $"application_id={PreApplicationNumber.New()}&meeting_point_id=mp-1&meeting_point=Mairie&appointment_date=2027-01-15%2010:30:00&management_url=https://rdv.example.org/2";
        await Call(booking, "POST", $"/api/appointments?{unknown}", 400);
        await Call(booking, "DELETE", $"/api/appointments?{slot}", 200);
        await Call(booking, "DELETE", "/api/appointments?application_id=AB12", 422, invalid: true);
    }

    private async Task NotificationsAsync()
    {
        var client = app.ClientWithKey(null);
        const string Handshake = """[{"id":"1","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","subject":"","eventTime":"2026-11-24T10:00:00Z","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"},"dataVersion":"1"}]""";
        await Call(client, "POST", $"/api/notifications/events?key={ContractFactory.EventGridKey}", 200, Json(Handshake));
        await Call(client, "POST", "/api/notifications/events?key=nope", 401, Json("[]"));
        await Call(client, "POST", $"/api/notifications/events?key={ContractFactory.EventGridKey}", 400, Json("""{"eventType": "x"}"""), invalid: true);
        await Call(client, "POST", $"/api/notifications/events?key={ContractFactory.EventGridKey}", 413, Json($"[\"{new string('x', 300_000)}\"]"), invalid: null);
    }

    // Last: stops storage to see the health check's 503.
    private async Task HealthAsync()
    {
        var client = app.ClientWithKey(null);
        await Call(client, "GET", "/api/health", 200);
        await app.Azurite.StopAsync();
        await Call(client, "GET", "/api/health", 503);
    }

    private IEnumerable<(string Method, string Template, JsonObject Operation)> Operations() =>
        from path in app.Document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        select (operation.Key.ToUpperInvariant(), path.Key, operation.Value!.AsObject());

    private static (string Key, string Header) OtherRole(JsonObject operation)
    {
        var tags = operation["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray();
        return tags switch
        {
            _ when tags.Contains("Outils de rendez-vous") => (TestClients.PortalKey, Booking),
            _ when tags.Contains("Mairie (DR)") => (TestClients.PortalKey, "X-Api-Key"),
            _ when operation["operationId"]!.GetValue<string>() == "GetRecap" => (TestClients.PrefectureKey, "X-Api-Key"),
            _ => (TestClients.MairieKey, "X-Api-Key"),
        };
    }

    private HttpClient Allowed(JsonObject operation)
    {
        var tags = operation["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray();
        return tags switch
        {
            _ when tags.Contains("Outils de rendez-vous") => app.ClientWithKey(TestClients.BookingKey, Booking),
            _ when tags.Contains("Mairie (DR)") => Mairie,
            _ when tags.Contains("Préfecture (CERT)") => Prefecture,
            _ when tags.Contains("Azure Communication Services") => app.ClientWithKey(null),
            _ => Portal($"fc-sub-{Guid.NewGuid():N}"),
        };
    }

    private HttpClient Portal(string? account)
    {
        var client = app.ClientWithKey(TestClients.PortalKey);
        if (account is not null)
        {
            client.DefaultRequestHeaders.Add("X-Applicant-Account", account);
        }

        return client;
    }

    private HttpClient Mairie => app.ClientWithKey(TestClients.MairieKey);

    private HttpClient OtherMairie => app.ClientWithKey(TestClients.OtherMairieKey);

    private HttpClient Prefecture => app.ClientWithKey(TestClients.PrefectureKey);

    private async Task<string> SubmitAsync(string? account)
    {
        var created = await Portal(account).PostAsync("/api/predemandes", Json(Forms.AdultPassport().ToJsonString()));
        return (await created.JsonAsync())["number"]!.GetValue<string>();
    }

    private static StringContent Json(string body, string mediaType = "application/json") =>
        new(body, new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" });

    // invalid: true when the request breaks the document on purpose, null when either way is right.
    private static async Task<HttpResponseMessage> Call(HttpClient client, string method, string path, int expected, HttpContent? body = null, bool? invalid = false, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await client.SendAsync(ContractFactory.Expect(request, expected, invalid));
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
