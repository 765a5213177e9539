using System.Net;
using System.Text;
using Azure.Storage.Blobs.Models;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Tests.Infrastructure;
using PreDemande.LocalHost;

namespace PreDemande.Functions.Tests.Lodging;

/// <summary>The app without the stand-in host, and a short claim of the messages sent once: the test plays the Functions host and invokes ArchiveScan itself.</summary>
public sealed class ManualArchiveFactory : PreDemandeFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        base.Settings().Append(new("PreDemande:Messages:ClaimTimeout", "00:00:01"));

    protected override bool RunsTriggers => false;
}

[Trait(Tier.Name, Tier.Http)]
public sealed class ArchiveTriggerTests(ManualArchiveFactory app) : IClassFixture<ManualArchiveFactory>
{
    private HttpClient Paris => app.ClientWithKey(TestClients.MairieKey);

    [Fact]
    public async Task Every_run_happening_twice_still_archives_each_document_once_and_queues_one_dossier_message()
    {
        var number = await app.SubmitAsync(Forms.MinorIdCard());
        var documents = (await (await Paris.DepositAsync(number)).JsonAsync()).ByKind();
        var uploads = new List<(string Kind, byte[] Content)>();
        foreach (var (kind, document) in documents)
        {
            var content = Scans.Pdf($"{kind} {number}");
            var put = await Scans.UploadAsync(document, content);
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            uploads.Add((kind, content));
        }

        // All but the last one twice in a row; the last one twice at the same time, retried as the host would.
        foreach (var (kind, content) in uploads.SkipLast(1))
        {
            Assert.Equal(HttpStatusCode.OK, (await InvokeAsync(number, kind, content)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await InvokeAsync(number, kind, content)).StatusCode);
        }

        Assert.Empty(await app.DossierMessagesAsync(number));
        var last = uploads[^1];
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => InvokeUntilDoneAsync(number, last.Kind, last.Content)));
        Assert.Equal(HttpStatusCode.OK, (await InvokeAsync(number, last.Kind, last.Content)).StatusCode);

        var message = Assert.Single(await app.DossierMessagesAsync(number));
        Assert.Equal(documents.Count, message["documents"]!.AsArray().Count);
        Assert.False(message["corrected"]!.GetValue<bool>());
        var archived = await app.BlobNamesAsync("archive", $"{number}/");
        Assert.Equal(documents.Keys.Select(k => $"{number}/{k}").Order(StringComparer.Ordinal), archived.Order(StringComparer.Ordinal));
        Assert.Empty(await app.BlobNamesAsync("scans", $"{number}/"));
        Assert.Empty(await app.BlobNamesAsync("quarantine", $"{number}/"));
    }

    [Fact]
    public async Task Another_content_under_an_archived_name_is_quarantined_and_the_archive_keeps_the_first()
    {
        var number = await app.SubmitAsync();
        var documents = (await (await Paris.DepositAsync(number)).JsonAsync()).ByKind();
        var first = Scans.Pdf("first scan");
        var second = Scans.Pdf("second scan");
        Assert.Equal(HttpStatusCode.Created, (await Scans.UploadAsync(documents["taxStamp"], first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await InvokeAsync(number, "taxStamp", first)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await InvokeAsync(number, "taxStamp", second)).StatusCode);

        var archive = app.Blobs.GetBlobContainerClient("archive").GetBlobClient($"{number}/taxStamp");
        Assert.Equal(first, (await archive.DownloadContentAsync()).Value.Content.ToArray());
        var quarantined = Assert.Single(await app.BlobNamesAsync("quarantine", $"{number}/"));
        var metadata = (await app.Blobs.GetBlobContainerClient("quarantine").GetBlobClient(quarantined).GetPropertiesAsync()).Value.Metadata;
        Assert.Equal("already-archived", metadata["reason"]);
    }

    [Fact]
    public async Task Scans_for_an_unlodged_pre_application_an_unexpected_document_or_an_empty_file_are_quarantined_with_their_reason()
    {
        var notLodged = await app.SubmitAsync();
        var lodged = await app.SubmitAsync();
        Assert.Equal(HttpStatusCode.OK, (await Paris.DepositAsync(lodged)).StatusCode);

        await InvokeAsync(notLodged, "photo", Scans.Jpeg("a"));
        await InvokeAsync(lodged, "selfie", Scans.Jpeg("b"));
        await InvokeAsync(lodged, "photo", []);

        Assert.Equal("not-lodged", await ReasonAsync(notLodged, "photo"));
        Assert.Equal("unexpected-document", await ReasonAsync(lodged, "selfie"));
        Assert.Equal("empty", await ReasonAsync(lodged, "photo"));
        Assert.Empty(await app.BlobNamesAsync("archive", $"{lodged}/"));
    }

    private async Task<string> ReasonAsync(string number, string file)
    {
        var name = Assert.Single(await app.BlobNamesAsync("quarantine", $"{number}/{file}/"));
        return (await app.Blobs.GetBlobContainerClient("quarantine").GetBlobClient(name).GetPropertiesAsync()).Value.Metadata["reason"];
    }

    private async Task InvokeUntilDoneAsync(string number, string kind, byte[] content)
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            if ((await InvokeAsync(number, kind, content)).StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Fail("ArchiveScan kept failing");
    }

    // Plays the host: the payload as the host writes it, with the blob's properties as the service has them.
    private async Task<HttpResponseMessage> InvokeAsync(string number, string kind, byte[] content)
    {
        var blob = app.Blobs.GetBlobContainerClient("scans").GetBlobClient($"{number}/{kind}");
        var properties = (await blob.ExistsAsync()).Value
            ? (await blob.GetPropertiesAsync()).Value
            : BlobsModelFactory.BlobProperties(contentLength: content.Length, contentType: "application/octet-stream");
        var payload = HostPayloads.Blob("ArchiveScan", content, new Dictionary<string, string> { ["number"] = number, ["file"] = kind }, blob.Uri, properties);
        return await app.CreateClient().PostAsync("/ArchiveScan", HttpExtensions.Json(Encoding.UTF8.GetString(payload)));
    }
}
