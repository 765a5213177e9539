using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Notifications;

/// <summary>The app sending through Azure Communication Services, here a stand-in on loopback.</summary>
public sealed class AcsFactory : PreDemandeFactory
{
    private AcsStandIn? _acs;

    public AcsStandIn Acs => _acs ?? throw new InvalidOperationException("ACS stand-in not started");

    protected override async Task StartDependenciesAsync() => _acs = await AcsStandIn.StartAsync();

    protected override async ValueTask StopDependenciesAsync()
    {
        if (_acs is not null)
        {
            await _acs.DisposeAsync();
        }
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("PreDemande:Notifications:Sender", "acs"),
        new("PreDemande:Notifications:AcsConnectionString", Acs.ConnectionString),
        new("PreDemande:Notifications:SmsFrom", "PREDEMANDE"),
        new("PreDemande:Notifications:EmailFrom", "DoNotReply@mail.predemande.test"),
    ];
}

[Trait(Tier.Name, Tier.Http)]
public sealed class AcsSenderTests(AcsFactory app) : IClassFixture<AcsFactory>
{
    [Fact]
    public async Task The_recap_email_reaches_acs_as_its_rest_contract_says_with_the_pdf_attached_and_a_signature_openssl_agrees_with()
    {
        var number = await app.SubmitReadyAsync();
        var row = await app.FinalRowAsync(number, "recapEmail");

        Assert.Equal("sent", row.GetString("Status"));
        var request = Assert.Single(app.Acs.Requests, r => r.Path == "/emails:send" && r.Body.Contains(number, StringComparison.Ordinal));
        Assert.Equal("?api-version=2023-03-31", request.Query);
        Assert.Equal(row.GetString("RepeatabilityId"), request.Headers["Operation-Id"]);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("DoNotReply@mail.predemande.test", body["senderAddress"]!.GetValue<string>());
        Assert.Equal("elodie.loeuvre@example.org", body["recipients"]!["to"]![0]!["address"]!.GetValue<string>());
        Assert.Contains(number[..4], body["content"]!["subject"]!.GetValue<string>(), StringComparison.Ordinal);
        var attachment = body["attachments"]![0]!;
        Assert.Equal("application/pdf", attachment["contentType"]!.GetValue<string>());
        var recap = (await app.Blobs.GetBlobContainerClient("recaps").GetBlobClient($"{number}.pdf").DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(recap, Convert.FromBase64String(attachment["contentInBase64"]!.GetValue<string>()));
        await AssertSignedAsync(request);
    }

    [Fact]
    public async Task The_sms_reaches_acs_with_its_repeatability_headers_and_a_delivery_report_tag()
    {
        var number = await app.LodgeAndReportAsync(null, "instructionStarted", "inProduction", "available");
        var row = await app.FinalRowAsync(number, "titleAvailable");

        Assert.Equal("sent", row.GetString("Status"));
        var request = Assert.Single(app.Acs.Requests, r => r.Path == "/sms" && r.Body.Contains(number, StringComparison.Ordinal));
        Assert.Equal("?api-version=2021-03-07", request.Query);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("PREDEMANDE", body["from"]!.GetValue<string>());
        var recipient = body["smsRecipients"]![0]!;
        Assert.Equal("+33612345678", recipient["to"]!.GetValue<string>());
        Assert.Equal(row.GetString("RepeatabilityId"), recipient["repeatabilityRequestId"]!.GetValue<string>());
        Assert.Equal(row.GetDateTimeOffset("FirstSentAt")!.Value.ToString("r", CultureInfo.InvariantCulture), recipient["repeatabilityFirstSent"]!.GetValue<string>());
        Assert.StartsWith("Votre passeport est disponible à la mairie de Paris", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(body["smsSendOptions"]!["enableDeliveryReport"]!.GetValue<bool>());
        Assert.Equal($"{number}:titleAvailable", body["smsSendOptions"]!["tag"]!.GetValue<string>());
        Assert.Equal(app.Acs.Accepted[row.GetString("RepeatabilityId")], row.GetString("MessageId"));
        await AssertSignedAsync(request);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_for_and_the_message_goes_once()
    {
        var number = await app.SubmitAsync();
        app.Acs.ThrottleNext(1);

        var row = await app.FinalRowAsync(number, "recapEmail");

        Assert.Equal("sent", row.GetString("Status"));
        var calls = app.Acs.Requests.Where(r => r.Path == "/emails:send" && r.Body.Contains(number, StringComparison.Ordinal)).ToArray();
        Assert.Equal([429, 202], calls.Select(c => c.Status));
        Assert.Single(calls.Select(c => c.Headers["Operation-Id"]).Distinct());
    }

    [Fact]
    public async Task A_run_that_died_after_acs_accepted_sends_again_with_the_same_ids_and_acs_drops_the_repeat()
    {
        var number = await app.SubmitReadyAsync();
        var row = await app.FinalRowAsync(number, "recapEmail");

        // What a crash between the send and the mark leaves: the row still pending.
        row["Status"] = "pending";
        await app.Tables.GetTableClient("outbox").UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        Assert.Equal(HttpStatusCode.OK, (await app.InvokeNotifierAsync(number, "recapEmail")).StatusCode);

        var calls = app.Acs.Requests.Where(r => r.Path == "/emails:send" && r.Body.Contains(number, StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, calls.Length);
        Assert.Single(calls.Select(c => c.Headers["Operation-Id"]).Distinct());
        Assert.Single(app.Acs.Accepted.Keys, k => k == row.GetString("RepeatabilityId"));
        Assert.Equal("sent", (await app.RowAsync(number, "recapEmail"))!.GetString("Status"));
    }

    [Fact]
    public async Task A_recipient_acs_refuses_is_recorded_as_failed_and_not_retried()
    {
        app.Acs.RefusedRecipient = "+33698765432";
        var number = await app.LodgeAndReportAsync(Forms.AdultPassport().With("contact.mobile", JsonValue.Create("+33698765432")), "instructionStarted", "inProduction", "available");

        var row = await app.FinalRowAsync(number, "titleAvailable");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal("failed", row.GetString("Status"));
        Assert.Contains("Invalid To phone number", row.GetString("Reason"), StringComparison.Ordinal);
        Assert.Single(app.Acs.Requests, r => r.Path == "/sms" && r.Body.Contains(number, StringComparison.Ordinal));
    }

    // The signature recomputed by openssl from the documented string to sign:
    // "POST\n{path and query}\n{x-ms-date};{host};{x-ms-content-sha256}", key = the access key.
    private static async Task AssertSignedAsync((string Path, string Query, Dictionary<string, string> Headers, string Body, int Status) request)
    {
        var contentHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(request.Body)));
        Assert.Equal(contentHash, request.Headers["x-ms-content-sha256"]);
        Assert.True(DateTimeOffset.TryParseExact(request.Headers["x-ms-date"], "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _));
        var stringToSign = $"POST\n{request.Path}{request.Query}\n{request.Headers["x-ms-date"]};{request.Headers["Host"]};{contentHash}";
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, stringToSign);
            var (exitCode, output) = await Tools.RunAsync("sh", "-c", $"openssl dgst -sha256 -mac HMAC -macopt hexkey:{Convert.ToHexStringLower(AcsStandIn.AccessKey)} -binary '{file}' | base64");
            Assert.True(exitCode == 0, output);
            Assert.Equal($"HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature={output.Trim()}", request.Headers["Authorization"]);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
