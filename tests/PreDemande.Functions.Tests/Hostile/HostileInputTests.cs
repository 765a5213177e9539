using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Hostile;

/// <summary>The app with limits high enough that the flood reaches the validation.</summary>
public sealed class HostileFactory : PreDemandeFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("PreDemande:RateLimits:Portal:PermitsPerSecond", "100000"),
        new("PreDemande:RateLimits:Portal:Burst", "100000"),
        new("PreDemande:RateLimits:Mairie:PermitsPerSecond", "100000"),
        new("PreDemande:RateLimits:Mairie:Burst", "100000"),
        new("PreDemande:RateLimits:Prefecture:PermitsPerSecond", "100000"),
        new("PreDemande:RateLimits:Prefecture:Burst", "100000"),
        new("PreDemande:RateLimits:Booking:PermitsPerSecond", "100000"),
        new("PreDemande:RateLimits:Booking:Burst", "100000"),
    ];
}

public sealed class HostileInputTests(HostileFactory app) : IClassFixture<HostileFactory>
{
    // Change it to explore; a failure names the seed and the index of the request to replay.
    private const int Seed = 20261124;
    private const int Requests = 10_000;

    [Fact]
    public async Task Ten_thousand_hostile_requests_get_no_5xx_change_nothing_and_are_each_answered_with_a_problem_document()
    {
        var number = await app.SubmitReadyAsync();
        var before = await StateAsync(number);
        var client = app.CreateClient();
        var failures = new ConcurrentQueue<string>();
        var kinds = new ConcurrentDictionary<string, int>();

        await Parallel.ForEachAsync(new HostileRequests(Seed, number).Generate(Requests), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (request, token) =>
        {
            kinds.AddOrUpdate(request.Kind, 1, (_, n) => n + 1);
            using var message = request.ToMessage();
            using var response = await client.SendAsync(message, token);
            var body = await response.Content.ReadAsStringAsync(token);
            var media = response.Content.Headers.ContentType?.MediaType;
            var problem = (int)response.StatusCode >= 500 ? "a 5xx"
                : response.IsSuccessStatusCode ? "a success"
                : request.AntsShaped ? (media == "application/json" && JsonNode.Parse(body)?["detail"] is not null ? null : $"not an ANTS-shaped error ({media})")
                : media != "application/problem+json" ? $"not a problem document ({media})"
                : null;
            if (problem is not null)
            {
                failures.Enqueue($"seed {Seed}, request {request.Index} ({request.Kind} {request.Method} {request.Path[..Math.Min(request.Path.Length, 120)]}): {(int)response.StatusCode}, {problem}");
            }
        });

        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(20)));
        Assert.Equal(before, await StateAsync(number));
        Assert.True(kinds.Count >= 12, string.Join(", ", kinds.Select(k => $"{k.Key}={k.Value}")));
    }

    // What a bad request must not change: the pre-applications, their documents, the known one's entity.
    private async Task<string> StateAsync(string number)
    {
        var count = await app.PreApplicationCountAsync();
        var entity = (await app.Tables.GetTableClient("predemandes").GetEntityAsync<Azure.Data.Tables.TableEntity>(number, "predemande")).Value;
        var blobs = new List<string>();
        foreach (var container in new[] { "recaps", "scans", "archive", "receipts" })
        {
            blobs.AddRange(await app.BlobNamesAsync(container, string.Empty));
        }

        var appointments = (await app.Tables.GetTableClient("appointments").GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(number, "list")).HasValue;
        return $"{count}|{entity.ETag}|{entity.GetString("Status")}|{appointments}|{string.Join(",", blobs.Order(StringComparer.Ordinal))}";
    }
}
