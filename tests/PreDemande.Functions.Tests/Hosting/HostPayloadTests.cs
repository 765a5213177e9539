using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Tests.Infrastructure;
using PreDemande.LocalHost;

namespace PreDemande.Functions.Tests.Hosting;

/// <summary>The app without the stand-in host (the test plays the host), a test queue function, and its logs captured.</summary>
public sealed class HostFactory : PreDemandeFactory
{
    public static readonly FunctionDeclaration Echo = FunctionDeclaration.Queue("TestEcho", "test-host-echo");

    public ConcurrentQueue<(string? Message, string? DequeueCount, string? Id)> Calls { get; } = new();

    public CapturedLogs Logs { get; } = new();

    protected override bool RunsTriggers => false;

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(Logs);
        services.AddTriggerFunction(Echo, (invocation, _, _) =>
        {
            Calls.Enqueue((invocation.DataString("message"), invocation.MetadataString("DequeueCount"), invocation.MetadataString("Id")));
            return Task.CompletedTask;
        });
    }
}

[Trait(Tier.Name, Tier.Http)]
public sealed class HostPayloadTests(HostFactory app) : IClassFixture<HostFactory>
{
    private const string FixtureNumber = "AB12CD34EF";

    private static readonly QueueMessage Message = QueuesModelFactory.QueueMessage(
        "5c3f8e0a-7b1d-4f2e-9a6b-0d4e2c1b3a59",
        "AgAAAAMAAAAAAAAA9Z1Xv0Zd3AE=",
        BinaryData.FromString("ÉLODIE a déposé \"son\" dossier"),
        dequeueCount: 1,
        nextVisibleOn: DateTimeOffset.Parse("2026-11-24T09:20:42Z", System.Globalization.CultureInfo.InvariantCulture),
        insertedOn: DateTimeOffset.Parse("2026-11-24T09:15:42.4817Z", System.Globalization.CultureInfo.InvariantCulture),
        expiresOn: DateTimeOffset.Parse("2026-12-01T09:15:42Z", System.Globalization.CultureInfo.InvariantCulture));

    private const string JsonMessage =
        """{"id":"dossier-AB12CD34EF","number":"AB12CD34EF","corrected":true,"titles":["passport"],"links":{"self":"/api/prefecture/predemandes/AB12CD34EF"},"documentCount":6,"note":null}""";

    [Fact]
    public void A_text_queue_message_is_written_as_the_host_writes_it()
    {
        AssertSameJson("queue-text.json", HostPayloads.Queue("TestEcho", Message, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void A_json_queue_message_is_written_as_the_host_writes_it_with_its_members_merged_into_the_metadata()
    {
        var message = QueuesModelFactory.QueueMessage(Message.MessageId, Message.PopReceipt, BinaryData.FromString(JsonMessage), 1, Message.NextVisibleOn, Message.InsertedOn, Message.ExpiresOn);

        AssertSameJson("queue-json.json", HostPayloads.Queue("TestEcho", message, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void A_scan_blob_is_written_as_the_host_writes_it_with_the_whole_blob_properties()
    {
        var content = Encoding.UTF8.GetBytes("%PDF-1.7\n% fixture\n");
        var payload = HostPayloads.Blob(
            "ArchiveScan",
            content,
            new Dictionary<string, string> { ["number"] = FixtureNumber, ["file"] = "photo" },
            new Uri($"https://stpredemande.blob.core.windows.net/scans/{FixtureNumber}/photo"),
            Properties(content, "application/pdf", "\"0x8DE2B7C4F1A9D3E\"", new Dictionary<string, string>(), "2026-11-24T09:15:42.1234567Z"));

        AssertSameJson("blob-eventgrid.json", payload);
    }

    [Fact]
    public void A_document_blob_is_written_as_the_host_writes_it()
    {
        var content = Encoding.UTF8.GetBytes("{\"number\":\"AB12CD34EF\"}");
        var payload = HostPayloads.Blob(
            "RenderRecap",
            content,
            new Dictionary<string, string> { ["name"] = FixtureNumber },
            new Uri($"https://stpredemande.blob.core.windows.net/predemandes/{FixtureNumber}.json"),
            Properties(content, "application/json", "\"0x8DE2B7C4F1A9D40\"", new Dictionary<string, string> { ["sha256"] = "5e0b1d6f" }, versionId: null));

        AssertSameJson("blob-recap.json", payload);
    }

    [Fact]
    public void A_timer_is_written_as_the_host_writes_it()
    {
        var payload = HostPayloads.Timer(
            "PurgeExpired",
            DateTimeOffset.Parse("2026-11-24T02:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse("2026-11-25T02:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            isPastDue: false);

        AssertSameJson("timer.json", payload);
        var invocation = Invocation.Parse(payload);
        Assert.Contains("\"IsPastDue\":false", invocation.DataString("timer"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_queue_payloads_reach_a_function_as_the_message_text_with_its_dequeue_count()
    {
        foreach (var fixture in new[] { "queue-text.json", "queue-json.json" })
        {
            var response = await app.CreateClient().PostAsync("/TestEcho", HttpExtensions.Json(Fixture(fixture)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Contains(app.Calls, c => c.Message == "ÉLODIE a déposé \"son\" dossier" && c.DequeueCount == "1" && c.Id == Message.MessageId);
        // In Azure a JSON message's own "id" wins over the queue message id: no function may take Metadata.Id as the queue's.
        Assert.Contains(app.Calls, c => c.Message == JsonMessage && c.DequeueCount == "1" && c.Id == "dossier-AB12CD34EF");
    }

    [Fact]
    public async Task The_host_s_blob_payload_renders_the_recap_of_a_submitted_pre_application()
    {
        var number = await app.SubmitAsync();
        var document = (await app.Blobs.GetBlobContainerClient("predemandes").GetBlobClient($"{number}.json").DownloadContentAsync()).Value.Content.ToArray();
        var payload = Fixture("blob-recap.json")
            .Replace(Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"number\":\"AB12CD34EF\"}")), Convert.ToBase64String(document), StringComparison.Ordinal)
            .Replace(FixtureNumber, number, StringComparison.Ordinal);

        var response = await app.CreateClient().PostAsync("/RenderRecap", HttpExtensions.Json(payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await app.Blobs.GetBlobContainerClient("recaps").GetBlobClient($"{number}.pdf").ExistsAsync()).Value);
    }

    [Fact]
    public async Task The_host_s_scan_payload_archives_the_scan_and_removes_it_from_scans_though_its_etag_arrives_as_an_empty_object()
    {
        var number = await app.SubmitAsync();
        var deposit = (await (await app.ClientWithKey(TestClients.MairieKey).DepositAsync(number)).JsonAsync()).ByKind();
        var content = Scans.Jpeg($"photo {number}");
        Assert.Equal(HttpStatusCode.Created, (await Scans.UploadAsync(deposit["photo"], content)).StatusCode);
        var payload = Fixture("blob-eventgrid.json")
            .Replace(Convert.ToBase64String(Encoding.UTF8.GetBytes("%PDF-1.7\n% fixture\n")), Convert.ToBase64String(content), StringComparison.Ordinal)
            .Replace(FixtureNumber, number, StringComparison.Ordinal);
        Assert.Contains("\"ETag\": {}", payload, StringComparison.Ordinal);

        var response = await app.CreateClient().PostAsync("/ArchiveScan", HttpExtensions.Json(payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var archived = (await app.Blobs.GetBlobContainerClient("archive").GetBlobClient($"{number}/photo").GetPropertiesAsync()).Value;
        Assert.Equal(Scans.Sha256(content), archived.Metadata["sha256"]);
        Assert.Empty(await app.BlobNamesAsync("scans", $"{number}/"));
    }

    [Fact]
    public async Task A_scan_uploaded_again_while_the_first_one_is_archived_stays_in_scans_for_its_own_run()
    {
        var number = await app.SubmitAsync();
        var deposit = (await (await app.ClientWithKey(TestClients.MairieKey).DepositAsync(number)).JsonAsync()).ByKind();
        var first = Scans.Jpeg($"first {number}");
        var second = Scans.Jpeg($"second, longer {number}");
        Assert.Equal(HttpStatusCode.Created, (await Scans.UploadAsync(deposit["photo"], first)).StatusCode);
        var payload = Fixture("blob-eventgrid.json")
            .Replace(Convert.ToBase64String(Encoding.UTF8.GetBytes("%PDF-1.7\n% fixture\n")), Convert.ToBase64String(first), StringComparison.Ordinal)
            .Replace(FixtureNumber, number, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await Scans.UploadAsync(deposit["photo"], second)).StatusCode);

        var response = await app.CreateClient().PostAsync("/ArchiveScan", HttpExtensions.Json(payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var left = (await app.Blobs.GetBlobContainerClient("scans").GetBlobClient($"{number}/photo").DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(second, left);
    }

    [Fact]
    public async Task A_failed_invocation_is_logged_as_an_error_with_the_function_the_invocation_id_and_the_reason()
    {
        var payload = JsonNode.Parse(Fixture("blob-eventgrid.json"))!;
        payload["Metadata"]!.AsObject().Remove("number");
        var request = new HttpRequestMessage(HttpMethod.Post, "/ArchiveScan") { Content = HttpExtensions.Json(payload.ToJsonString()) };
        request.Headers.Add("X-Azure-Functions-InvocationId", "7d2f3c1e-invocation-under-test");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var line = Assert.Single(app.Logs.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("7d2f3c1e-invocation-under-test", StringComparison.Ordinal));
        Assert.Contains("ArchiveScan", line.Message, StringComparison.Ordinal);
        Assert.Contains("metadata number is missing", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_that_is_not_an_invocation_is_refused_and_logged_as_an_error()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/ArchiveScan") { Content = HttpExtensions.Json("not json") };
        request.Headers.Add("X-Azure-Functions-InvocationId", "0b9e-not-an-invocation");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(app.Logs.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("0b9e-not-an-invocation", StringComparison.Ordinal) && l.Message.Contains("ArchiveScan", StringComparison.Ordinal));
    }

    private static string Fixture(string name) => File.ReadAllText(Repository.PathOf("tests", "PreDemande.Functions.Tests", "Hosting", "HostPayloads", name));

    private static void AssertSameJson(string fixture, byte[] payload)
    {
        var expected = JsonNode.Parse(Fixture(fixture));
        var actual = JsonNode.Parse(payload);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{fixture} differs:\nexpected {expected!.ToJsonString()}\nactual   {actual!.ToJsonString()}");
    }

    private static BlobProperties Properties(byte[] content, string contentType, string etag, IDictionary<string, string> metadata, string? versionId) =>
        BlobsModelFactory.BlobProperties(
            lastModified: DateTimeOffset.Parse("2026-11-24T09:15:42Z", System.Globalization.CultureInfo.InvariantCulture),
            createdOn: DateTimeOffset.Parse("2026-11-24T09:15:42Z", System.Globalization.CultureInfo.InvariantCulture),
            metadata: metadata,
            blobType: BlobType.Block,
            contentLength: content.Length,
            contentType: contentType,
            eTag: new Azure.ETag(etag),
#pragma warning disable CA5351 // the Content-MD5 the storage service keeps
            contentHash: MD5.HashData(content),
#pragma warning restore CA5351
            isServerEncrypted: true,
            accessTier: "Hot",
            accessTierInferred: true,
            leaseState: LeaseState.Available,
            leaseStatus: LeaseStatus.Unlocked,
            isLatestVersion: versionId is not null,
            versionId: versionId);
}
