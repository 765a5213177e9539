using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Notifications;

/// <summary>The app with the default sender (the outbox) and a delivery-report key, its log lines captured.</summary>
public sealed class OutboxFactory : PreDemandeFactory
{
    public const string EventGridKey = "test-event-grid-key";

    public CapturedLogs Logs { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [.. base.Settings(), new("PreDemande:Notifications:EventGridKey", EventGridKey)];

    protected override void ConfigureTestServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services) =>
        Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(services, Logs);
}

[Trait(Tier.Name, Tier.Http)]
public sealed class NotificationTests(OutboxFactory app) : IClassFixture<OutboxFactory>
{
    [Fact]
    public async Task The_recap_goes_by_email_once_whatever_the_repeated_requests_and_replayed_invocations()
    {
        var number = await app.SubmitReadyAsync();
        var first = await app.FinalRowAsync(number, "recapEmail");

        await app.RequestAsync(number, "recapEmail");
        Assert.Equal(HttpStatusCode.OK, (await app.InvokeNotifierAsync(number, "recapEmail")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.InvokeNotifierAsync(number, "recapEmail")).StatusCode);
        await Eventually.Async(async () => (await app.Queues.GetQueueClient("notifications").GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0, TimeSpan.FromSeconds(20));

        var row = (await app.RowAsync(number, "recapEmail"))!;
        Assert.Equal("sent", row.GetString("Status"));
        Assert.Equal(first.GetString("MessageId"), row.GetString("MessageId"));
        Assert.Equal(first.GetDateTimeOffset("SentAt"), row.GetDateTimeOffset("SentAt"));
        Assert.Equal("email", row.GetString("Channel"));
        Assert.Equal("e•••@example.org", row.GetString("Recipient"));
        Assert.Contains(PreDemande.Core.Numbers.PreApplicationNumber.Grouped(number), row.GetString("Text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_mobile_or_without_consent_no_sms_goes()
    {
        var noConsent = await app.SubmitAsync(Forms.AdultPassport().With("contact.smsConsent", JsonValue.Create(false)));
        var noMobile = await app.SubmitAsync(Forms.AdultPassport().With("contact.mobile", null).With("contact.smsConsent", null));

        await app.RequestAsync(noConsent, "titleAvailable");
        await app.RequestAsync(noMobile, "collectionReminder");

        Assert.Equal(("skipped", "no-sms-consent"), Outcome(await app.FinalRowAsync(noConsent, "titleAvailable")));
        Assert.Equal(("skipped", "no-mobile"), Outcome(await app.FinalRowAsync(noMobile, "collectionReminder")));
        Assert.Equal("sent", (await app.FinalRowAsync(noConsent, "recapEmail")).GetString("Status"));
    }

    [Fact]
    public void Without_an_email_address_no_email_is_composed()
    {
        // The form requires an address today; a record without one (older data) still gets no e-mail.
        var form = new PreDemande.Core.Forms.PreApplicationForm { Titles = ["passport"], Contact = new PreDemande.Core.Forms.Contact { Mobile = "+33612345678", SmsConsent = true } };
        var document = new PreDemande.Core.Forms.PreApplicationDocument("AB12CD34EF", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddYears(1), new PreDemande.Core.Fees.Fee(86, "Passeport"), form);
        var record = new PreDemande.Functions.PreApplications.PreApplicationRecord(document, PreDemande.Core.Lifecycle.PreApplicationStatus.RecapReady, null, new Azure.ETag("x"));

        var recap = PreDemande.Functions.Notifications.NotificationKinds.Compose("recapEmail", record);
        var sms = PreDemande.Functions.Notifications.NotificationKinds.Compose("collectionReminder", record);

        Assert.Equal("no-email", recap.SkipReason);
        Assert.Null(recap.Recipient);
        Assert.Null(sms.SkipReason);
        Assert.Equal("+33612345678", sms.Recipient);
    }

    [Fact]
    public async Task A_title_available_sends_one_sms_naming_the_title_and_the_mairie_with_the_number_masked_in_the_outbox()
    {
        var number = await app.LodgeAndReportAsync(null, "instructionStarted", "inProduction", "available");

        var sms = await app.FinalRowAsync(number, "titleAvailable");

        Assert.Equal("sent", sms.GetString("Status"));
        Assert.Equal("+33 6 •• •• •• 78", sms.GetString("Recipient"));
        Assert.Equal($"Votre passeport est disponible à la mairie de Paris. Pré-demande {number}. Retrait sur place, muni du récépissé.", sms.GetString("Text"));
        var values = string.Join("|", ((IDictionary<string, object>)sms).Values.Select(v => v?.ToString()));
        Assert.DoesNotContain("612345678", values, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_sends_one_email()
    {
        var number = await app.LodgeAndReportAsync(null, "instructionStarted", "refused");

        var email = await app.FinalRowAsync(number, "titleRefused");

        Assert.Equal("sent", email.GetString("Status"));
        Assert.Contains("n'a pas pu aboutir", email.GetString("Text"), StringComparison.Ordinal);
        Assert.Contains("mairie de Paris", email.GetString("Text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_grid_s_subscription_handshake_is_answered_with_its_validation_code()
    {
        var handshake = await PostEventsAsync(OutboxFactory.EventGridKey,
            """[{"id":"1","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","subject":"","eventTime":"2026-11-24T10:00:00Z","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"},"dataVersion":"1"}]""");

        Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", (await handshake.JsonAsync())["validationResponse"]!.GetValue<string>());
    }

    [Fact]
    public async Task Events_posted_with_a_wrong_key_get_401()
    {
        var wrongKey = await PostEventsAsync("nope", "[]");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
    }

    [Fact]
    public async Task A_delivery_report_marks_the_email_row_delivered()
    {
        var number = await app.SubmitReadyAsync();
        var row = await app.FinalRowAsync(number, "recapEmail");
        var report = new JsonArray(new JsonObject
        {
            ["id"] = "2",
            ["eventType"] = "Microsoft.Communication.EmailDeliveryReportReceived",
            ["eventTime"] = "2026-11-24T10:00:05Z",
            ["data"] = new JsonObject { ["sender"] = "DoNotReply@predemande.invalid", ["recipient"] = "someone@example.org", ["messageId"] = row.GetString("MessageId"), ["status"] = "Delivered", ["deliveryStatusDetails"] = new JsonObject { ["statusMessage"] = "No error." } },
        });

        var delivered = await PostEventsAsync(OutboxFactory.EventGridKey, report.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        var after = (await app.RowAsync(number, "recapEmail"))!;
        Assert.Equal("delivered", after.GetString("Status"));
        Assert.NotNull(after.GetDateTimeOffset("ReportedAt"));
    }

    [Fact]
    public async Task A_notification_is_logged_by_its_ids_alone_never_by_any_part_of_its_recipient()
    {
        // The example's applicant: elodie.loeuvre@example.org, +33612345678 with SMS consent.
        var number = await app.LodgeAndReportAsync(null, "instructionStarted", "inProduction", "available");
        var email = await app.FinalRowAsync(number, "recapEmail");
        var sms = await app.FinalRowAsync(number, "titleAvailable");
        await Eventually.Async(() => Task.FromResult(Lines(number)), lines => lines.Any(l => l.Contains("titleAvailable", StringComparison.Ordinal)) && lines.Any(l => l.Contains("recapEmail", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));

        var lines = app.Logs.Lines.Select(l => l.Message).ToArray();
        Assert.Contains(Lines(number), l => l.Contains("recapEmail", StringComparison.Ordinal) && l.Contains("by email", StringComparison.Ordinal) && l.Contains(email.GetString("MessageId"), StringComparison.Ordinal));
        Assert.Contains(Lines(number), l => l.Contains("titleAvailable", StringComparison.Ordinal) && l.Contains("by sms", StringComparison.Ordinal) && l.Contains(sms.GetString("MessageId"), StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"SMS {sms.GetString("MessageId")} written to the outbox", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"E-mail {email.GetString("MessageId")} written to the outbox", StringComparison.Ordinal));
        // Nothing of the address (its local part, its first letter beside the domain, the domain) or of the phone (whole, national, last digits beside a mask).
        string[] parts = ["elodie", "loeuvre", "e•••", "@example.org", "example.org", "+33612345678", "612345678", "0612345678", "+33 6", "•• 78", "•"];
        Assert.All(lines, line => Assert.DoesNotContain(parts, part => line.Contains(part, StringComparison.OrdinalIgnoreCase)));
    }

    private string[] Lines(string number) =>
        [.. app.Logs.Lines.Select(l => l.Message).Where(l => l.StartsWith("Notification ", StringComparison.Ordinal) && l.Contains($" of {number} ", StringComparison.Ordinal))];

    private Task<HttpResponseMessage> PostEventsAsync(string key, string events) =>
        app.CreateClient().PostAsync($"/api/notifications/events?key={key}", HttpExtensions.Json(events));

    private static (string?, string?) Outcome(TableEntity row) => (row.GetString("Status"), row.GetString("Reason"));
}
