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

[Trait(Tier.Name, Tier.Http)]
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

    [Fact]
    public async Task Hostile_uses_of_the_upload_urls_the_app_hands_out_are_refused_by_storage_and_leave_no_blob()
    {
        var number = await app.SubmitReadyAsync();
        var deposit = await (await app.ClientWithKey(TestClients.MairieKey).DepositAsync(number)).JsonAsync();
        var urls = deposit.ByKind().Values.Select(d => new Uri(d["uploadUrl"]!.GetValue<string>())).ToArray();
        var random = new Random(Seed);
        using var http = new HttpClient();
        var failures = new List<string>();

        for (var i = 0; i < 300; i++)
        {
            var url = urls[random.Next(urls.Length)];
            var (what, request) = HostileSasUse(url, number, random);
            using (request)
            {
                using var response = await http.SendAsync(request);
                if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.BadRequest))
                {
                    failures.Add($"seed {Seed}, use {i} ({what}): {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.Empty(await app.BlobNamesAsync("scans", string.Empty));
    }

    // A use the URL does not allow: another verb, another name, another container, a signature,
    // expiry, permission or resource changed by hand, or the signature dropped.
    private static (string What, HttpRequestMessage Request) HostileSasUse(Uri url, string number, Random random)
    {
        var query = url.Query.TrimStart('?');
        string Replace(string name, string value) => string.Join('&', query.Split('&').Select(p => p.StartsWith(name + "=", StringComparison.Ordinal) ? $"{name}={value}" : p));
        Uri With(string path, string q) => new UriBuilder(url) { Path = path, Query = q }.Uri;
        HttpRequestMessage Put(Uri target)
        {
            var put = new HttpRequestMessage(HttpMethod.Put, target) { Content = new ByteArrayContent(Scans.Pdf("hostile")) };
            put.Headers.Add("x-ms-blob-type", "BlockBlob");
            return put;
        }

        var otherName = url.AbsolutePath.Replace($"/{number}/", $"/{number}/x", StringComparison.Ordinal);
        var otherNumber = url.AbsolutePath.Replace($"/{number}/", "/AAAAAAAAAA/", StringComparison.Ordinal);
        var otherContainer = url.AbsolutePath.Replace("/scans/", "/archive/", StringComparison.Ordinal);
        var container = url.AbsolutePath[..url.AbsolutePath.IndexOf($"/{number}/", StringComparison.Ordinal)];
        var expiry = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddYears(1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        return random.Next(11) switch
        {
            0 => ("read", new HttpRequestMessage(HttpMethod.Get, url)),
            1 => ("delete", new HttpRequestMessage(HttpMethod.Delete, url)),
            2 => ("list the container", new HttpRequestMessage(HttpMethod.Get, With(container, query + "&restype=container&comp=list"))),
            3 => ("write another name", Put(With(otherName, query))),
            4 => ("write another number's scan", Put(With(otherNumber, query))),
            5 => ("write to the archive", Put(With(otherContainer, query))),
            6 => ("signature tampered", Put(With(url.AbsolutePath, Replace("sig", Uri.EscapeDataString(Convert.ToBase64String(RandomBytes(random))))))),
            7 => ("expiry extended", Put(With(url.AbsolutePath, Replace("se", expiry)))),
            8 => ("read and delete added", Put(With(url.AbsolutePath, Replace("sp", "rcwd")))),
            9 => ("resource widened to the container", Put(With(url.AbsolutePath, Replace("sr", "c")))),
            _ => ("no signature", Put(With(url.AbsolutePath, string.Join('&', query.Split('&').Where(p => !p.StartsWith("sig=", StringComparison.Ordinal)))))),
        };
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[32];
        random.NextBytes(bytes);
        return bytes;
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

        var appointments = 0; // the URL ties (the appointments themselves are on the entity, whose ETag is compared)
        await foreach (var _ in app.Tables.GetTableClient("appointments").QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey"]))
        {
            appointments++;
        }

        return $"{count}|{entity.ETag}|{entity.GetString("Status")}|{appointments}|{string.Join(",", blobs.Order(StringComparer.Ordinal))}";
    }
}
