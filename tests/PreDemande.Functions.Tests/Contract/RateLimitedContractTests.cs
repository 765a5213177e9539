using System.Text.Json.Nodes;
using PreDemande.Core.Numbers;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Contract;

/// <summary>Every client limited to one request a second, behind Prism.</summary>
public sealed class RateLimitedContractFactory : ContractFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        .. new[] { "Portal", "Mairie", "Prefecture", "Booking" }.SelectMany(role => new KeyValuePair<string, string?>[]
        {
            new($"PreDemande:RateLimits:{role}:PermitsPerSecond", "1"),
            new($"PreDemande:RateLimits:{role}:Burst", "1"),
        }),
    ];
}

/// <summary>The 429 every client-called operation documents, as Prism reads it (problem body, <c>Retry-After</c>).</summary>
[Trait(Tier.Name, Tier.Http)]
public sealed class RateLimitedContractTests(RateLimitedContractFactory app) : IClassFixture<RateLimitedContractFactory>
{
    [Fact]
    public async Task Every_operation_a_client_calls_answers_429_with_retry_after_as_documented()
    {
        var operations = (
            from path in app.Document["paths"]!.AsObject()
            from operation in path.Value!.AsObject()
            where operation.Value!["security"] is System.Text.Json.Nodes.JsonArray { Count: > 0 }
            select (Method: operation.Key.ToUpperInvariant(), Template: path.Key, Operation: operation.Value!.AsObject())).ToArray();

        foreach (var (method, template, operation) in operations)
        {
            Assert.True(operation["responses"]!.AsObject().ContainsKey("429"), $"{method} {template} does not document 429");
            var client = ClientFor(operation);
            var path = template.Replace("{number}", PreApplicationNumber.New(), StringComparison.Ordinal).Replace("{id}", Guid.NewGuid().ToString("N"), StringComparison.Ordinal);
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var request = new HttpRequestMessage(new HttpMethod(method), path);
                var response = await client.SendAsync(ContractFactory.Expect(request, 429, invalid: null));
                if ((int)response.StatusCode == 429)
                {
                    Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"{method} {template}: 429 without Retry-After");
                    break;
                }
            }
        }

        var limited = app.Exchanges.Where(e => e.Status == 429).ToArray();
        Assert.Equal(operations.Select(o => $"{o.Method} {o.Template}").Order(), limited.Select(e => e.Operation!).Distinct().Order());
        var disagreements = limited.SelectMany(e => e.Disagreements()).ToArray();
        Assert.True(disagreements.Length == 0, string.Join('\n', disagreements));
    }

    private HttpClient ClientFor(JsonObject operation)
    {
        var tags = operation["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray();
        var client = tags switch
        {
            _ when tags.Contains("Outils de rendez-vous") => app.ClientWithKey(TestClients.BookingKey, "x-rdv-opt-auth-token"),
            _ when tags.Contains("Mairie (DR)") => app.ClientWithKey(TestClients.MairieKey),
            _ when tags.Contains("Préfecture (CERT)") => app.ClientWithKey(TestClients.PrefectureKey),
            _ => app.ClientWithKey(TestClients.PortalKey),
        };
        client.DefaultRequestHeaders.Add("X-Applicant-Account", "fc-sub-rate-limited");
        return client;
    }
}
