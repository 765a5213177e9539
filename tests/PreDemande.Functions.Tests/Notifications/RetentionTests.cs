using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Notifications;

[Trait(Tier.Name, Tier.Http)]
public sealed class RetentionTests(ClockFactory app) : IClassFixture<ClockFactory>
{
    [Fact]
    public async Task A_collection_reminder_goes_60_days_after_the_title_is_available_and_not_before()
    {
        var number = await app.LodgeAndReportAsync(null, "instructionStarted", "inProduction", "available");
        await app.FinalRowAsync(number, "titleAvailable");
        await Eventually.Async(() => app.BlobNamesAsync("schedule", "reminder/"), m => m.Any(n => n.EndsWith(number, StringComparison.Ordinal)), TimeSpan.FromSeconds(20));

        app.Clock.Advance(TimeSpan.FromDays(59));
        await app.FireAsync("SendCollectionReminders");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Null(await app.RowAsync(number, "collectionReminder"));

        app.Clock.Advance(TimeSpan.FromDays(2));
        await app.FireAsync("SendCollectionReminders");
        var reminder = await app.FinalRowAsync(number, "collectionReminder");

        Assert.Equal("sent", reminder.GetString("Status"));
        Assert.StartsWith("Rappel : votre passeport vous attend à la mairie de Paris", reminder.GetString("Text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_reminder_goes_for_a_title_handed_over_in_time()
    {
        var number = await app.LodgeAndReportAsync(null, "instructionStarted", "inProduction", "available", "handedOver");

        app.Clock.Advance(TimeSpan.FromDays(61));
        await app.FireAsync("SendCollectionReminders");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Null(await app.RowAsync(number, "collectionReminder"));
    }

    [Fact]
    public async Task An_unused_pre_application_is_purged_30_days_after_its_expiry_and_only_then_leaving_a_tombstone()
    {
        var number = await app.SubmitReadyAsync();
        await app.FinalRowAsync(number, "recapEmail");
        var booked = await app.ClientWithKey(TestClients.BookingKey, "x-rdv-opt-auth-token").PostAsync(
            $"/api/appointments?application_id={number}&meeting_point_id=1&meeting_point=M&appointment_date=2026-12-03%2008:45:00&management_url=https://rdv.example/1", null);
        Assert.Equal(HttpStatusCode.OK, booked.StatusCode);
        var expiresAt = (await (await app.ClientWithKey(TestClients.PortalKey).GetAsync($"/api/predemandes/{number}")).JsonAsync())["expiresAt"]!.GetValue<DateTimeOffset>();

        app.Clock.Advance(expiresAt - app.Clock.GetUtcNow() + TimeSpan.FromDays(29));
        await app.FireAsync("PurgeExpiredData");
        Assert.Equal("recapReady", (await Entity(number)).GetString("Status"));
        Assert.Equal(HttpStatusCode.Gone, (await app.ClientWithKey(TestClients.MairieKey).GetAsync($"/api/dr/predemandes/{number}")).StatusCode);

        app.Clock.Advance(TimeSpan.FromDays(2));
        await app.FireAsync("PurgeExpiredData");

        await AssertPurgedAsync(number);
    }

    [Fact]
    public async Task A_lodged_application_is_purged_its_retention_after_the_title_was_handed_over_archive_included()
    {
        var number = await app.LodgeAndReportAsync(null, "instructionStarted", "inProduction", "available", "handedOver");
        Assert.NotEmpty(await app.BlobNamesAsync("archive", $"{number}/"));
        var handedOver = DateOnly.FromDateTime(app.Clock.GetUtcNow().AddDays(183).UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.Async(() => app.BlobNamesAsync("schedule", $"purge/{handedOver}/"), m => m.Count(n => n.EndsWith($"/{number}", StringComparison.Ordinal)) == 1, TimeSpan.FromSeconds(20));

        app.Clock.Advance(TimeSpan.FromDays(150));
        await app.FireAsync("PurgeExpiredData");
        Assert.Equal("handedOver", (await Entity(number)).GetString("Status"));

        var messages = (await OutboxRowsAsync(number)).Select(r => r.GetString("MessageId")).OfType<string>().ToList();
        Assert.NotEmpty(messages); // the recap e-mail and the SMS, each with its delivery index

        app.Clock.Advance(TimeSpan.FromDays(40));
        await app.FireAsync("PurgeExpiredData");

        await AssertPurgedAsync(number);
        foreach (var message in messages)
        {
            Assert.False((await app.Tables.GetTableClient("outbox").GetEntityIfExistsAsync<TableEntity>($"msg|{message}", "ref")).HasValue);
        }

        Assert.Empty(await app.BlobNamesAsync("archive", $"{number}/"));
        Assert.Empty(await app.BlobNamesAsync("receipts", number));
        Assert.Equal(HttpStatusCode.Gone, (await app.ClientWithKey(TestClients.PrefectureKey).GetAsync($"/api/prefecture/predemandes/{number}")).StatusCode);
    }

    [Fact]
    public async Task A_tombstone_over_a_pre_application_changed_since_it_was_read_reads_it_again_and_keeps_what_changed()
    {
        var number = await app.SubmitReadyAsync();
        var store = app.Services.GetRequiredService<PreApplications.PreApplicationStore>();
        var read = await store.GetAsync(number, CancellationToken.None);
        var lodgedAt = app.Clock.GetUtcNow().AddMinutes(-5);
        var lodging = new PreApplications.LodgingState("75056", "test-mairie-paris", lodgedAt, []);
        await store.ChangeAsync(number, known: null, _ => new PreApplications.PreApplicationChange(Lodging: lodging), CancellationToken.None);

        await new PreDemande.Functions.Retention.Tombstones(store).ChangeToAsync(read!, app.Clock.GetUtcNow(), CancellationToken.None);

        var tombstone = await Entity(number);
        Assert.Equal("purged", tombstone.GetString("Status"));
        Assert.Equal(lodgedAt, tombstone.GetDateTimeOffset("LodgedAt"));
        Assert.True((await store.GetAsync(number, CancellationToken.None))!.PurgedAfterLodging);
    }

    [Fact]
    public async Task Audit_entries_are_deleted_five_years_after_the_read_and_not_before()
    {
        var number = await app.SubmitAsync();
        await app.ClientWithKey(TestClients.MairieKey).GetAsync($"/api/dr/predemandes/{number}");
        var day = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Single(await app.AuditOfNumberAsync(number));
        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.FireAsync("PurgeExpiredData");
        Assert.Single(await app.AuditRowsAsync($"n|{number}"));

        app.Clock.Advance(TimeSpan.FromDays((5 * 365) - 2));
        await app.FireAsync("PurgeExpiredData");
        Assert.Single(await app.AuditRowsAsync($"n|{number}"));

        app.Clock.Advance(TimeSpan.FromDays(4));
        await app.FireAsync("PurgeExpiredData");

        Assert.Empty(await app.AuditRowsAsync($"n|{number}"));
        Assert.Empty(await app.AuditRowsAsync($"m|75056|{day}"));
    }

    [Fact]
    public async Task The_by_number_index_of_the_audit_is_built_the_night_after_each_entry_whole_and_once()
    {
        var (first, second) = (await app.SubmitAsync(), await app.SubmitAsync());
        var mairie = app.ClientWithKey(TestClients.MairieKey);
        for (var i = 0; i < 13; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await mairie.GetAsync($"/api/dr/predemandes/{first}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await mairie.GetAsync($"/api/dr/predemandes/{(i % 2 == 0 ? second : first)}")).StatusCode);
        }

        var entries = (await app.AuditOfNumberAsync(first)).Concat(await app.AuditOfNumberAsync(second)).ToList();
        Assert.Equal(26, entries.Count);

        await app.FireAsync("PurgeExpiredData"); // the same day: not yet
        Assert.Empty(await app.AuditRowsAsync($"n|{first}"));

        // The night after: the test's batch size makes it ten rows an invocation, each going on from the last.
        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.FireAsync("PurgeExpiredData");
        await app.FireAsync("PurgeExpiredData");

        var twins = (await app.AuditRowsAsync($"n|{first}")).Concat(await app.AuditRowsAsync($"n|{second}")).ToList();
        Assert.Equal(entries.Select(Described).Order(), twins.Select(Described).Order());
        Assert.Equal(19, twins.Count(t => t.GetString("Number") == first));
        Assert.Empty(await app.BlobNamesAsync("schedule", "auditindex/"));

        static string Described(TableEntity row) =>
            string.Join("|", row.RowKey, row.GetString("Number"), row.GetString("Client"), row.GetString("Mairie"), row.GetString("Operation"), row.GetString("Outcome"), row.GetDateTimeOffset("At")?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_purge_run_cut_short_and_run_again_finishes_every_due_item_and_does_none_twice()
    {
        var numbers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => app.SubmitReadyAsync()));
        foreach (var number in numbers)
        {
            await app.FinalRowAsync(number, "recapEmail");
        }

        var expiresAt = (await (await app.ClientWithKey(TestClients.PortalKey).GetAsync($"/api/predemandes/{numbers[0]}")).JsonAsync())["expiresAt"]!.GetValue<DateTimeOffset>();
        app.Clock.Advance(expiresAt - app.Clock.GetUtcNow() + TimeSpan.FromDays(32));

        // The first run hands the shards on; a second run starts before they are done (as after a
        // run cut short), a third once they are: every shard is handed on three times.
        await app.InvokeTimerAsync("PurgeExpiredData");
        await app.InvokeTimerAsync("PurgeExpiredData");
        await app.DrainedAsync();
        await app.FireAsync("PurgeExpiredData");

        foreach (var number in numbers)
        {
            Assert.Equal("purged", (await Entity(number)).GetString("Status"));
            Assert.Single(app.Logs.Lines, l => l.Message.StartsWith($"Pre-application {number} purged", StringComparison.Ordinal));
        }

        Assert.DoesNotContain(await app.BlobNamesAsync("schedule", "purge/"), n => numbers.Any(number => n.EndsWith($"/{number}", StringComparison.Ordinal)));
        Assert.Empty((await app.Queues.GetQueueClient("due-work-poison").PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task An_idempotency_key_holds_across_midnight_for_a_day_and_its_reservations_are_removed_two_days_on()
    {
        var portal = app.ClientWithKey(TestClients.PortalKey);
        var key = $"key-{Guid.NewGuid():N}";
        var now = app.Clock.GetUtcNow();
        app.Clock.Advance(now.Date.AddDays(2).AddSeconds(-30) - now); // 23:59:30 UTC

        var first = await portal.PostFormAsync(Forms.AdultPassport(), key);
        app.Clock.Advance(TimeSpan.FromMinutes(1)); // past midnight: the reservation is in yesterday's partition
        var retried = await portal.PostFormAsync(Forms.AdultPassport(), key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var number = (await first.JsonAsync())["number"]!.GetValue<string>();
        Assert.Equal(number, (await retried.JsonAsync())["number"]!.GetValue<string>());
        Assert.Equal("true", retried.Headers.GetValues("Idempotent-Replayed").Single());

        app.Clock.Advance(TimeSpan.FromDays(2));
        await app.FireAsync("PurgeExpiredData");

        var rows = app.Tables.GetTableClient("idempotency").QueryAsync<TableEntity>($"Number eq '{number}'");
        Assert.Empty(await rows.ToListAsync());
    }

    [Fact]
    public async Task A_notification_racing_the_purge_of_its_pre_application_leaves_no_outbox_row_behind()
    {
        var numbers = new List<string>();
        for (var i = 0; i < 24; i++)
        {
            numbers.Add(await app.SubmitAsync());
        }

        foreach (var number in numbers)
        {
            await app.FinalRowAsync(number, "recapEmail");
        }

        app.Clock.Advance(TimeSpan.FromDays(190 + 31));
        var notifier = app.Services.GetRequiredService<PreDemande.Functions.Notifications.Notifier>();
        var purger = app.Services.GetRequiredService<PreDemande.Functions.Retention.Purger>();

        // Each number's purge and a reminder for it start together, the reminder a few
        // milliseconds later or earlier, so that its read, its row and the purge's steps interleave.
        await Task.WhenAll(numbers.Select(async (number, i) =>
        {
            var purge = Task.Run(async () =>
            {
                await Task.Delay(i % 4 * 3);
                return await purger.PurgeAsync(number, CancellationToken.None);
            });
            var notify = Task.Run(async () =>
            {
                await Task.Delay(i % 6 * 4);
                await notifier.NotifyAsync($$"""{"id":"{{number}}:collectionReminder","number":"{{number}}","kind":"collectionReminder"}""", CancellationToken.None);
            });
            await Task.WhenAll(purge, notify);
            Assert.Equal(PreDemande.Functions.Retention.PurgeOutcome.Purged, (await purge).Outcome);
        }));

        foreach (var number in numbers)
        {
            Assert.Equal("purged", (await Entity(number)).GetString("Status"));
            Assert.Empty(await OutboxRowsAsync(number));
        }
    }

    private async Task<List<TableEntity>> OutboxRowsAsync(string number) =>
        await app.Tables.GetTableClient("outbox").QueryAsync<TableEntity>(e => e.PartitionKey == number).ToListAsync();

    private async Task AssertPurgedAsync(string number)
    {
        var tombstone = await Entity(number);
        Assert.Equal("purged", tombstone.GetString("Status"));
        var values = string.Join("|", ((IDictionary<string, object>)tombstone).Values.Select(v => v?.ToString()));
        var form = Forms.AdultPassport();
        foreach (var personal in new[] { "LŒUVRE", "ÉLODIE", "612345678", "example.org", form["address"]!["line1"]!.GetValue<string>() })
        {
            Assert.DoesNotContain(personal, values, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Null(tombstone.GetString("Corrected"));
        Assert.Null(tombstone.GetString("Lodging"));
        Assert.Empty(await app.BlobNamesAsync("predemandes", number));
        Assert.Empty(await app.BlobNamesAsync("recaps", number));
        Assert.Empty(await app.BlobNamesAsync("scans", $"{number}/"));
        Assert.Null(await app.RowAsync(number, "recapEmail"));
        Assert.Empty(await OutboxRowsAsync(number));
        Assert.False((await app.Tables.GetTableClient("appointments").GetEntityIfExistsAsync<TableEntity>(number, "list")).HasValue);

        var booking = await (await app.ClientWithKey(TestClients.BookingKey, "x-rdv-opt-auth-token").GetAsync($"/api/status?application_ids={number}")).JsonAsync();
        Assert.Equal("expired", booking[number]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Gone, (await app.ClientWithKey(TestClients.PortalKey).GetAsync($"/api/predemandes/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await app.ClientWithKey(TestClients.PortalKey).GetAsync($"/api/predemandes/{number}/recap")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await app.ClientWithKey(TestClients.MairieKey).GetAsync($"/api/dr/predemandes/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.ClientWithKey(TestClients.PortalKey).PostFormAsync(Forms.AdultPassport())).StatusCode);
    }

    private async Task<TableEntity> Entity(string number) =>
        (await app.Tables.GetTableClient("predemandes").GetEntityAsync<TableEntity>(number, "predemande")).Value;
}
