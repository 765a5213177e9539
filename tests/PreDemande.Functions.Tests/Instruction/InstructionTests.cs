using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Instruction;

/// <summary>The app with the two Aquitaine départements routed to one CERT queue, and short claim timeouts.</summary>
public sealed class InstructionFactory : PreDemandeFactory
{
    public const string AquitaineQueue = "cert-aquitaine";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        .. base.Settings(),
        new("PreDemande:Instruction:Routes:33", AquitaineQueue),
        new("PreDemande:Instruction:Routes:24", AquitaineQueue),
        new("PreDemande:Messages:ClaimTimeout", "00:00:01"),
    ];
}

[Trait(Tier.Name, Tier.Http)]
public sealed class InstructionTests(InstructionFactory app) : IClassFixture<InstructionFactory>
{
    private HttpClient Prefecture75 => app.ClientWithKey(TestClients.PrefectureKey);

    private HttpClient CertAquitaine => app.ClientWithKey(TestClients.CertAquitaineKey);

    [Fact]
    public async Task Tasks_go_to_the_queue_of_the_lodging_mairie_s_departement()
    {
        var (paris, _) = await app.LodgeCompleteAsync(TestClients.MairieKey);

        var fromParis = Assert.Single(await app.TasksAsync("instruction-75", paris));

        Assert.Equal("75", fromParis["departement"]!.GetValue<string>());
    }

    [Fact]
    public async Task Two_departements_can_share_one_cert_queue()
    {
        var (bordeaux, _) = await app.LodgeCompleteAsync(TestClients.BordeauxKey);
        var (perigueux, _) = await app.LodgeCompleteAsync(TestClients.PerigueuxKey);

        var fromBordeaux = Assert.Single(await app.TasksAsync(InstructionFactory.AquitaineQueue, bordeaux));
        var fromPerigueux = Assert.Single(await app.TasksAsync(InstructionFactory.AquitaineQueue, perigueux));

        Assert.Equal("33", fromBordeaux["departement"]!.GetValue<string>());
        Assert.Equal("Bordeaux", fromBordeaux["mairie"]!["name"]!.GetValue<string>());
        Assert.Equal("24", fromPerigueux["departement"]!.GetValue<string>());
        Assert.Equal("24322", fromPerigueux["mairie"]!["code"]!.GetValue<string>());
        Assert.Empty(await app.MessagesAsync("instruction-33", bordeaux));
    }

    [Fact]
    public async Task The_task_says_the_data_came_from_a_pre_application_lists_the_documents_and_holds_no_personal_data()
    {
        var (number, uploaded) = await app.LodgeCompleteAsync(TestClients.MairieKey);

        var task = Assert.Single(await app.TasksAsync("instruction-75", number));

        Assert.Equal($"task-{number}", task["id"]!.GetValue<string>());
        Assert.Equal("predemande", task["collectionMode"]!.GetValue<string>());
        Assert.Equal(new JsonObject { ["code"] = "75056", ["name"] = "Paris" }.ToJsonString(), task["mairie"]!.ToJsonString());
        Assert.False(task["corrected"]!.GetValue<bool>());
        Assert.Equal($"/api/prefecture/predemandes/{number}", task["links"]!["self"]!.GetValue<string>());
        var documents = task["documents"]!.AsArray().ToDictionary(d => d!["kind"]!.GetValue<string>(), d => d!);
        Assert.Equal(uploaded.Keys.Order(), documents.Keys.Order());
        Assert.All(uploaded, u => Assert.Equal(Scans.Sha256(u.Value), documents[u.Key]["sha256"]!.GetValue<string>()));
        Assert.All(uploaded, u => Assert.Equal(u.Value.Length, documents[u.Key]["bytes"]!.GetValue<long>()));
        var text = task.ToJsonString();
        var form = Forms.AdultPassport();
        foreach (var personal in new[] { form["applicant"]!["surname"]!, form["address"]!["line1"]!, form["contact"]!["mobile"]!, form["contact"]!["email"]! })
        {
            Assert.DoesNotContain(personal.GetValue<string>(), text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_dossier_message_seen_twice_makes_one_task()
    {
        var (number, _) = await app.LodgeCompleteAsync(TestClients.MairieKey);
        var task = Assert.Single(await app.TasksAsync("instruction-75", number));
        var dossier = await RebuildDossierMessageAsync(number, task);

        await app.Queues.GetQueueClient("dossiers-deposes").SendMessageAsync(dossier);

        await Eventually.Async(async () => (await app.Queues.GetQueueClient("dossiers-deposes").GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0, TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(await app.MessagesAsync("instruction-75", number));
    }

    [Fact]
    public async Task A_crash_between_sending_the_task_and_recording_it_gives_at_most_a_repeat_with_the_same_id_which_the_cert_drops()
    {
        var (number, _) = await app.LodgeCompleteAsync(TestClients.MairieKey);
        var task = Assert.Single(await app.TasksAsync("instruction-75", number));

        // What a run that died after the send and before the mark leaves: the task on the queue, a claim never marked sent.
        var entity = (await app.Tables.GetTableClient("predemandes").GetEntityAsync<TableEntity>(number, "predemande")).Value;
        var dispatches = JsonNode.Parse(entity.GetString("Dispatches"))!.AsObject();
        dispatches[$"task-{number}"]!["sentAt"] = null;
        dispatches[$"task-{number}"]!["claimedAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");
        entity["Dispatches"] = dispatches.ToJsonString();
        await app.Tables.GetTableClient("predemandes").UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);

        await app.Queues.GetQueueClient("dossiers-deposes").SendMessageAsync(await RebuildDossierMessageAsync(number, task));

        var copies = await Eventually.Async(() => app.MessagesAsync("instruction-75", number), m => m.Count == 2, TimeSpan.FromSeconds(20));
        Assert.Single(copies.Select(c => c["id"]!.GetValue<string>()).Distinct());
        Assert.Single(copies.Select(c => c.ToJsonString()).Distinct());
        var marked = JsonNode.Parse((await app.Tables.GetTableClient("predemandes").GetEntityAsync<TableEntity>(number, "predemande")).Value.GetString("Dispatches"))!;
        Assert.NotNull(marked[$"task-{number}"]!["sentAt"]);
    }

    [Fact]
    public async Task A_message_naming_no_lodged_pre_application_ends_in_the_poison_queue()
    {
        var number = await app.SubmitAsync();
        var dossiers = app.Queues.GetQueueClient("dossiers-deposes");

        await dossiers.SendMessageAsync($$"""{"id":"dossier-{{number}}","number":"{{number}}"}""");
        await dossiers.SendMessageAsync("not json at all");

        var poisoned = await Eventually.Async(
            async () => (await app.Queues.GetQueueClient("dossiers-deposes-poison").PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString()).ToArray(),
            m => m.Contains("not json at all") && m.Any(b => b.Contains(number, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60));
        Assert.Empty(await app.MessagesAsync("instruction-75", number));
        Assert.Contains(poisoned, m => m.Contains(number, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_prefecture_reads_what_was_lodged_in_its_departements_only_and_every_read_is_audited()
    {
        var (paris, _) = await app.LodgeCompleteAsync(TestClients.MairieKey);
        var (bordeaux, _) = await app.LodgeCompleteAsync(TestClients.BordeauxKey);
        var notLodged = await app.SubmitAsync();

        var own = await Prefecture75.GetAsync($"/api/prefecture/predemandes/{paris}");
        var other = await Prefecture75.GetAsync($"/api/prefecture/predemandes/{bordeaux}");
        var early = await Prefecture75.GetAsync($"/api/prefecture/predemandes/{notLodged}");
        var unknown = await Prefecture75.GetAsync("/api/prefecture/predemandes/AB12CD34EF");
        var mairie = await app.ClientWithKey(TestClients.MairieKey).GetAsync($"/api/prefecture/predemandes/{paris}");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, mairie.StatusCode);
        await other.ProblemAsync();
        await early.ProblemAsync();
        Assert.Equal(HttpStatusCode.OK, (await CertAquitaine.GetAsync($"/api/prefecture/predemandes/{bordeaux}")).StatusCode);

        var audit = (await app.AuditOfNumberAsync(paris)).Where(r => r.GetString("Operation") == "prefectureRead").ToArray();
        var read = Assert.Single(audit);
        Assert.Equal("test-prefecture-paris", read.GetString("Client"));
        Assert.Equal("read", read.GetString("Outcome"));
        Assert.Contains(await app.AuditOfNumberAsync(bordeaux), r => r.GetString("Operation") == "prefectureRead" && r.GetString("Outcome") == "outOfScope");
    }

    [Fact]
    public async Task The_prefecture_sees_the_original_form_the_corrections_and_downloads_each_document_with_its_hash()
    {
        var number = await app.SubmitReadyAsync();
        var paris = app.ClientWithKey(TestClients.MairieKey);
        var etag = await paris.ReadETagAsync(number);
        Assert.Equal(HttpStatusCode.OK, (await paris.PatchFormAsync(number, new JsonObject { ["applicant"] = new JsonObject { ["heightCm"] = 181 } }, etag)).StatusCode);
        var documents = (await (await paris.DepositAsync(number)).JsonAsync()).ByKind();
        var uploaded = documents.Keys.ToDictionary(k => k, k => Scans.Pdf($"{k} {number}"));
        foreach (var (kind, document) in documents)
        {
            Assert.Equal(HttpStatusCode.Created, (await Scans.UploadAsync(document, uploaded[kind])).StatusCode);
        }

        var task = Assert.Single(await app.TasksAsync("instruction-75", number));
        var view = await (await Prefecture75.GetAsync(task["links"]!["self"]!.GetValue<string>())).JsonAsync();

        Assert.True(task["corrected"]!.GetValue<bool>());
        Assert.Equal(168, view["originalForm"]!["applicant"]!["heightCm"]!.GetValue<int>());
        Assert.Equal(181, view["form"]!["applicant"]!["heightCm"]!.GetValue<int>());
        var correction = Assert.Single(view["corrections"]!.AsArray());
        Assert.Equal("applicant.heightCm", correction!["field"]!.GetValue<string>());
        Assert.Equal("75056", view["lodging"]!["mairie"]!["code"]!.GetValue<string>());
        using var http = new HttpClient();
        foreach (var document in view["documents"]!.AsArray().Select(d => d!))
        {
            Assert.True(document["available"]!.GetValue<bool>(), document.ToJsonString());
            var url = document["url"]!.GetValue<string>();
            var content = await http.GetByteArrayAsync(url);
            Assert.Equal(document["sha256"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(content)));
            using var overwrite = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent([1]) };
            overwrite.Headers.Add("x-ms-blob-type", "BlockBlob");
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(overwrite)).StatusCode);
        }

        var taskHashes = task["documents"]!.AsArray().ToDictionary(d => d!["kind"]!.GetValue<string>(), d => d!["sha256"]!.GetValue<string>());
        Assert.All(taskHashes, t => Assert.Equal(t.Value, view["documents"]!.AsArray().Single(d => d!["kind"]!.GetValue<string>() == t.Key)!["sha256"]!.GetValue<string>()));
        Assert.Contains(view["documents"]!.AsArray(), d => d!["kind"]!.GetValue<string>() == "recapPdf");
        Assert.Contains(view["documents"]!.AsArray(), d => d!["kind"]!.GetValue<string>() == "receiptPdf");
    }

    [Fact]
    public async Task Events_follow_the_state_machine_a_repeat_changes_nothing_and_each_accepted_event_makes_one_status_change_message()
    {
        var (number, _) = await app.LodgeCompleteAsync(TestClients.MairieKey);
        var cert = Prefecture75;

        var tooEarly = await cert.PostEventAsync(number, "available");
        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        var conflict = await tooEarly.ProblemAsync();
        Assert.Equal("consumed", conflict["currentStatus"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await cert.PostEventAsync(number, "instructionStarted", eventId: "cert-1")).StatusCode);
        var repeat = await (await cert.PostEventAsync(number, "instructionStarted")).JsonAsync();
        Assert.False(repeat["applied"]!.GetValue<bool>());
        var sameId = await (await cert.PostEventAsync(number, "inProduction", eventId: "cert-1")).JsonAsync();
        Assert.False(sameId["applied"]!.GetValue<bool>());
        Assert.Equal("underInstruction", sameId["status"]!.GetValue<string>());

        var refusedWithoutReason = await cert.PostEventAsync(number, "refused");
        Assert.Equal(HttpStatusCode.BadRequest, refusedWithoutReason.StatusCode);
        Assert.NotNull((await refusedWithoutReason.ProblemAsync())["errors"]!["reason"]);
        var unknownType = await cert.PostEventAsync(number, "lost");
        Assert.Equal(HttpStatusCode.BadRequest, unknownType.StatusCode);

        var produced = await (await cert.PostEventAsync(number, "inProduction")).JsonAsync();
        Assert.True(produced["applied"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Conflict, (await cert.PostEventAsync(number, "refused", reason: "trop tard")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await cert.PostEventAsync(number, "handedOver")).StatusCode);

        // status-changes is read by RouteStatusChange: what was sent is on the record (and NotificationTests follows the messages).
        Assert.Equal([$"{number}:inProduction", $"{number}:instructionStarted"], (await app.SentMessageIdsAsync(number)).Where(id => id.StartsWith($"{number}:", StringComparison.Ordinal)));
        Assert.Equal("consumed", (await (await app.ClientWithKey(TestClients.BookingKey, "x-rdv-opt-auth-token").GetAsync($"/api/status?application_ids={number}")).JsonAsync())[number]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refusal_needs_a_reason_and_ends_the_instruction()
    {
        var (number, _) = await app.LodgeCompleteAsync(TestClients.MairieKey);
        await Prefecture75.PostEventAsync(number, "instructionStarted");

        var refused = await (await Prefecture75.PostEventAsync(number, "refused", reason: "Pièce justificative non conforme")).JsonAsync();

        Assert.Equal("refused", refused["status"]!.GetValue<string>());
        Assert.Equal("Pièce justificative non conforme", refused["statusHistory"]!.AsArray().Last()!["reason"]!.GetValue<string>());
        var noMore = await Prefecture75.PostEventAsync(number, "inProduction");
        Assert.Equal(HttpStatusCode.Conflict, noMore.StatusCode);
        Assert.Empty((await noMore.ProblemAsync())["expected"]!.AsArray());
    }

    [Fact]
    public async Task Events_on_another_departement_s_dossier_are_refused_and_audited()
    {
        var (bordeaux, _) = await app.LodgeCompleteAsync(TestClients.BordeauxKey);

        var response = await Prefecture75.PostEventAsync(bordeaux, "instructionStarted");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(await app.AuditOfNumberAsync(bordeaux), r => r.GetString("Operation") == "prefectureEvent:instructionStarted" && r.GetString("Outcome") == "outOfScope");
        Assert.DoesNotContain(await app.SentMessageIdsAsync(bordeaux), id => id.StartsWith($"{bordeaux}:", StringComparison.Ordinal));
    }

    // The dossier message as the scan archive wrote it (the local trigger mode consumed the original).
    private async Task<string> RebuildDossierMessageAsync(string number, JsonObject task)
    {
        var entity = (await app.Tables.GetTableClient("predemandes").GetEntityAsync<TableEntity>(number, "predemande")).Value;
        Assert.NotNull(entity.GetString("Lodging"));
        return new JsonObject
        {
            ["id"] = $"dossier-{number}",
            ["number"] = number,
            ["lodgedAt"] = task["lodgedAt"]!.GetValue<string>(),
            ["mairie"] = "75056",
            ["collectionMode"] = "predemande",
        }.ToJsonString();
    }
}
