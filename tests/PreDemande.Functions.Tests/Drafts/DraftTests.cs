using System.Net;
using System.Text.Json.Nodes;
using PreDemande.Functions.Tests.Infrastructure;
using PreDemande.Functions.Tests.Notifications;

namespace PreDemande.Functions.Tests.Drafts;

[Trait(Tier.Name, Tier.Http)]
public sealed class DraftTests(ClockFactory app) : IClassFixture<ClockFactory>
{
    private HttpClient Portal(string? account)
    {
        var client = app.ClientWithKey(TestClients.PortalKey);
        if (account is not null)
        {
            client.DefaultRequestHeaders.Add("X-Applicant-Account", account);
        }

        return client;
    }

    private static string NewAccount() => $"fc-sub-{Guid.NewGuid():N}";

    private static StringContent Body(JsonNode form) => HttpExtensions.Json(form.ToJsonString());

    private async Task<string> CreateAsync(string account, JsonNode form)
    {
        var created = await Portal(account).PostAsync("/api/brouillons", Body(form));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync())["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_draft_saved_without_a_parents_birth_date_is_resumed_completed_and_submitted_as_a_pre_application()
    {
        var account = NewAccount();
        var complete = Forms.AdultPassport();
        var partial = complete.DeepClone().AsObject();
        partial["parents"]![0]!.AsObject().Remove("birthDate");

        var id = await CreateAsync(account, partial);
        var resumed = await (await Portal(account).GetAsync($"/api/brouillons/{id}")).JsonAsync();
        var parent = resumed["form"]!["parents"]![0]!;
        Assert.Null(parent["birthDate"]);
        Assert.Equal(partial["parents"]![0]!["surname"]!.GetValue<string>(), parent["surname"]!.GetValue<string>());
        Assert.Equal(partial["applicant"]!["birthDate"]!.GetValue<string>(), resumed["form"]!["applicant"]!["birthDate"]!.GetValue<string>());
        Assert.Contains(id, (await (await Portal(account).GetAsync("/api/predemandes")).JsonAsync())["drafts"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.OK, (await Portal(account).PutAsync($"/api/brouillons/{id}", Body(complete))).StatusCode);
        var submitted = await Portal(account).PostAsync($"/api/brouillons/{id}/submit", null);

        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var number = (await submitted.JsonAsync())["number"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await Portal(account).GetAsync($"/api/predemandes/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Portal(account).GetAsync($"/api/brouillons/{id}")).StatusCode);
        var listed = await (await Portal(account).GetAsync("/api/predemandes")).JsonAsync();
        Assert.Equal([number], listed["items"]!.AsArray().Select(i => i!["number"]!.GetValue<string>()));
        Assert.Empty(listed["drafts"]!.AsArray());
    }

    [Fact]
    public async Task A_draft_is_checked_for_types_and_lengths_but_not_for_completeness()
    {
        var account = NewAccount();

        var empty = await Portal(account).PostAsync("/api/brouillons", Body(new JsonObject()));
        var tooLong = await Portal(account).PostAsync("/api/brouillons", Body(new JsonObject { ["applicant"] = new JsonObject { ["surname"] = new string('A', 300) } }));
        var wrongType = await Portal(account).PostAsync("/api/brouillons", Body(new JsonObject { ["applicant"] = new JsonObject { ["heightCm"] = "grand" } }));

        Assert.Equal(HttpStatusCode.Created, empty.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.NotNull((await tooLong.JsonAsync())["errors"]!["applicant.surname"]);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
    }

    [Fact]
    public async Task Submitting_an_incomplete_draft_answers_field_by_field_and_keeps_the_draft()
    {
        var account = NewAccount();
        var id = await CreateAsync(account, new JsonObject { ["titles"] = new JsonArray("passport") });

        var refused = await Portal(account).PostAsync($"/api/brouillons/{id}/submit", null);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull((await refused.JsonAsync())["errors"]!["applicant"]);
        Assert.Equal(HttpStatusCode.OK, (await Portal(account).GetAsync($"/api/brouillons/{id}")).StatusCode);
    }

    [Fact]
    public async Task Another_account_can_neither_resume_save_delete_nor_submit_a_draft()
    {
        var (owner, other) = (NewAccount(), NewAccount());
        var id = await CreateAsync(owner, Forms.AdultPassport());

        Assert.Equal(HttpStatusCode.NotFound, (await Portal(other).GetAsync($"/api/brouillons/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Portal(other).PutAsync($"/api/brouillons/{id}", Body(new JsonObject()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Portal(other).DeleteAsync($"/api/brouillons/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Portal(other).PostAsync($"/api/brouillons/{id}/submit", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Portal(owner).GetAsync($"/api/brouillons/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Portal(owner).DeleteAsync($"/api/brouillons/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Portal(owner).GetAsync($"/api/brouillons/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_draft_request_without_an_account_is_refused_with_400()
    {
        var id = await CreateAsync(NewAccount(), Forms.AdultPassport());

        Assert.Equal(HttpStatusCode.BadRequest, (await Portal(null).GetAsync($"/api/brouillons/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_mairie_key_may_not_read_a_draft()
    {
        var id = await CreateAsync(NewAccount(), Forms.AdultPassport());

        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientWithKey(TestClients.MairieKey).GetAsync($"/api/brouillons/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_draft_not_saved_for_90_days_is_erased_by_the_purge()
    {
        var account = NewAccount();
        var forgotten = await CreateAsync(account, new JsonObject());

        app.Clock.Advance(TimeSpan.FromDays(91));
        await app.FireAsync("PurgeExpiredData");

        Assert.Equal(HttpStatusCode.NotFound, (await Portal(account).GetAsync($"/api/brouillons/{forgotten}")).StatusCode);
    }

    [Fact]
    public async Task A_draft_saved_again_within_90_days_is_kept_by_the_purge()
    {
        var account = NewAccount();
        var resumed = await CreateAndSaveAgainFiftyDaysLaterAsync(account, new JsonObject(), new JsonObject { ["titles"] = new JsonArray("idCard") });

        app.Clock.Advance(TimeSpan.FromDays(41));
        await app.FireAsync("PurgeExpiredData");

        Assert.Equal(HttpStatusCode.OK, (await Portal(account).GetAsync($"/api/brouillons/{resumed}")).StatusCode);
    }

    [Fact]
    public async Task Fourteen_days_before_its_erasure_a_draft_with_an_email_warns_once()
    {
        var forgotten = await CreateAsync(NewAccount(), DraftWithAnEmail());

        app.Clock.Advance(TimeSpan.FromDays(77)); // day 77: the warning is due (day 76)
        await SendRemindersTwiceAsync();

        var warning = Assert.Single(await OutboxAsync(forgotten));
        Assert.Equal(("email", "sent"), (warning.GetString("Channel"), warning.GetString("Status")));
        Assert.DoesNotContain("jeanne.brouillon@example.org", warning.GetString("Recipient"), StringComparison.Ordinal);
        Assert.Contains("sera supprimé le", warning.GetString("Text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_with_an_email_saved_again_meanwhile_is_not_warned()
    {
        var resumed = await CreateAndSaveAgainFiftyDaysLaterAsync(NewAccount(), DraftWithAnEmail(), DraftWithAnEmail());

        app.Clock.Advance(TimeSpan.FromDays(27)); // day 77: its warning is not due (day 126)
        await SendRemindersTwiceAsync();

        Assert.Empty(await OutboxAsync(resumed));
    }

    [Fact]
    public async Task The_erasure_warning_of_a_draft_is_erased_with_the_draft()
    {
        var account = NewAccount();
        var forgotten = await CreateAsync(account, DraftWithAnEmail());
        app.Clock.Advance(TimeSpan.FromDays(77));
        await SendRemindersTwiceAsync();

        app.Clock.Advance(TimeSpan.FromDays(14)); // day 91: erased, its warning row with it
        await app.FireAsync("PurgeExpiredData");

        Assert.Equal(HttpStatusCode.NotFound, (await Portal(account).GetAsync($"/api/brouillons/{forgotten}")).StatusCode);
        Assert.Empty(await OutboxAsync(forgotten));
    }

    private static JsonObject DraftWithAnEmail() => new() { ["contact"] = new JsonObject { ["email"] = "jeanne.brouillon@example.org" } };

    private async Task<string> CreateAndSaveAgainFiftyDaysLaterAsync(string account, JsonNode form, JsonNode savedAgain)
    {
        var id = await CreateAsync(account, form);
        app.Clock.Advance(TimeSpan.FromDays(50));
        Assert.Equal(HttpStatusCode.OK, (await Portal(account).PutAsync($"/api/brouillons/{id}", Body(savedAgain))).StatusCode);
        return id;
    }

    private async Task SendRemindersTwiceAsync()
    {
        await app.FireAsync("SendCollectionReminders");
        await app.FireAsync("SendCollectionReminders");
    }

    private async Task<List<Azure.Data.Tables.TableEntity>> OutboxAsync(string draft) =>
        await app.Tables.GetTableClient("outbox").QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == $"draft-{draft}").ToListAsync();
}
