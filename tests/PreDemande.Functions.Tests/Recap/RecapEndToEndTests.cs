using System.Net;
using System.Text;
using Azure.Data.Tables;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Recap;

/// <summary>The app without the stand-in host: the test plays the Functions host and invokes RenderRecap itself.</summary>
public sealed class ManualTriggerFactory : PreDemandeFactory
{
    protected override bool RunsTriggers => false;
}

[Trait(Tier.Name, Tier.Http)]
public sealed class RecapEndToEndTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>
{
    [Fact]
    public async Task A_submitted_pre_application_gets_its_recap_within_seconds_through_the_stand_in_host()
    {
        var client = app.ClientWithKey(TestClients.PortalKey);
        var number = await app.SubmitAsync(Forms.AdultPassport());

        var response = await Eventually.Async(() => client.GetAsync($"/api/predemandes/{number}/recap"), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(15));

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"recapitulatif-predemande-{number}.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString((await response.Content.ReadAsByteArrayAsync())[..5]), StringComparison.Ordinal);
        // The PDF is stored first, then the status set: both within seconds.
        await Eventually.Async(async () => (await (await client.GetAsync($"/api/predemandes/{number}")).JsonAsync())["status"]!.GetValue<string>(), s => s == "recapReady", TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task A_mairie_may_fetch_the_recap_and_that_read_is_audited()
    {
        var number = await app.SubmitAsync(Forms.MinorIdCard());

        var mairie = await FetchRecapOnceRenderedAsync(TestClients.MairieKey, number);

        Assert.Equal(HttpStatusCode.OK, mairie.StatusCode);
        var audit = Assert.Single(await app.AuditOfNumberAsync(number));
        Assert.Equal(("recap", "read", "test-mairie-paris"), (audit.GetString("Operation"), audit.GetString("Outcome"), audit.GetString("Client")));
    }

    [Fact]
    public async Task A_booking_tool_may_not_fetch_the_recap()
    {
        var number = await app.SubmitAsync(Forms.MinorIdCard());
        await FetchRecapOnceRenderedAsync(TestClients.PortalKey, number);

        var booking = await app.ClientWithKey(TestClients.BookingKey).GetAsync($"/api/predemandes/{number}/recap");

        Assert.Equal(HttpStatusCode.Forbidden, booking.StatusCode);
        Assert.Empty(await app.AuditOfNumberAsync(number));
    }

    private Task<HttpResponseMessage> FetchRecapOnceRenderedAsync(string key, string number) =>
        Eventually.Async(() => app.ClientWithKey(key).GetAsync($"/api/predemandes/{number}/recap"), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(15));
}

[Trait(Tier.Name, Tier.Http)]
public sealed class RecapTriggerTests(ManualTriggerFactory app) : IClassFixture<ManualTriggerFactory>
{
    [Fact]
    public async Task A_recap_rendered_after_its_pre_application_was_withdrawn_is_deleted_and_announced_to_no_one()
    {
        var client = app.ClientWithKey(TestClients.PortalKey);
        client.DefaultRequestHeaders.Add("X-Applicant-Account", "fc-sub-withdrawn-before-its-recap");
        var created = await client.PostFormAsync(Forms.AdultPassport());
        var number = (await created.JsonAsync())["number"]!.GetValue<string>();
        var document = (await app.Blobs.GetBlobContainerClient("predemandes").GetBlobClient($"{number}.json").DownloadContentAsync()).Value.Content.ToArray();

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/predemandes/{number}")).StatusCode);
        var invocation = $$$"""{"Data":{"blob":"{{{Convert.ToBase64String(document)}}}"},"Metadata":{"name":"\"{{{number}}}\"","Uri":"\"http://127.0.0.1/predemandes/{{{number}}}.json\""}}""";
        var late = await app.CreateClient().PostAsync("/RenderRecap", HttpExtensions.Json(invocation));

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.False((await app.Blobs.GetBlobContainerClient("recaps").GetBlobClient($"{number}.pdf").ExistsAsync()).Value);
        var requests = (await app.Queues.GetQueueClient("notifications").PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString());
        Assert.DoesNotContain(requests, r => r.Contains(number, StringComparison.Ordinal));
        Assert.Equal("purged", (await app.Tables.GetTableClient("predemandes").GetEntityAsync<TableEntity>(number, "predemande")).Value.GetString("Status"));
    }

    [Fact]
    public async Task Before_rendering_the_recap_answers_503_with_retry_after()
    {
        var client = app.ClientWithKey(TestClients.PortalKey);
        var number = await app.SubmitAsync(Forms.LossWithUnknownFather());

        var pending = await client.GetAsync($"/api/predemandes/{number}/recap");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, pending.StatusCode);
        Assert.NotNull(pending.Headers.RetryAfter);
        await pending.ProblemAsync();
    }

    [Fact]
    public async Task Invoking_the_recap_trigger_twice_leaves_one_pdf()
    {
        var client = app.ClientWithKey(TestClients.PortalKey);
        var number = await app.SubmitAsync(Forms.LossWithUnknownFather());

        var document = (await app.Blobs.GetBlobContainerClient("predemandes").GetBlobClient($"{number}.json").DownloadContentAsync()).Value.Content.ToArray();
        var invocation = $$$"""{"Data":{"blob":"{{{Convert.ToBase64String(document)}}}"},"Metadata":{"name":"\"{{{number}}}\"","Uri":"\"http://127.0.0.1/predemandes/{{{number}}}.json\""}}""";
        var first = await app.CreateClient().PostAsync("/RenderRecap", HttpExtensions.Json(invocation));
        var recap = app.Blobs.GetBlobContainerClient("recaps").GetBlobClient($"{number}.pdf");
        var etag = (await recap.GetPropertiesAsync()).Value.ETag;
        var second = await app.CreateClient().PostAsync("/RenderRecap", HttpExtensions.Json(invocation));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(etag, (await recap.GetPropertiesAsync()).Value.ETag);
        var blobs = new List<string>();
        await foreach (var blob in app.Blobs.GetBlobContainerClient("recaps").GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, number, default))
        {
            blobs.Add(blob.Name);
        }

        Assert.Equal([$"{number}.pdf"], blobs);
        var entity = await app.Tables.GetTableClient("predemandes").GetEntityAsync<TableEntity>(number, "predemande");
        Assert.Equal("recapReady", entity.Value.GetString("Status"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/predemandes/{number}/recap")).StatusCode);
    }

    [Fact]
    public async Task A_document_under_the_wrong_name_fails_the_invocation_so_the_host_retries()
    {
        var client = app.ClientWithKey(TestClients.PortalKey);
        var number = await app.SubmitAsync(Forms.AdultPassport());
        var document = (await app.Blobs.GetBlobContainerClient("predemandes").GetBlobClient($"{number}.json").DownloadContentAsync()).Value.Content.ToArray();

        var response = await app.CreateClient().PostAsync("/RenderRecap", HttpExtensions.Json($$$"""{"Data":{"blob":"{{{Convert.ToBase64String(document)}}}"},"Metadata":{"name":"\"OTHERNAME0\""}}"""));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.False((await app.Blobs.GetBlobContainerClient("recaps").GetBlobClient($"{number}.pdf").ExistsAsync()).Value);
    }
}
