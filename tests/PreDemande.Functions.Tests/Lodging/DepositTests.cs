using System.Net;
using System.Text.Json.Nodes;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Lodging;

[Trait(Tier.Name, Tier.Http)]
public sealed class DepositTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>
{
    private static readonly string[] AdultFirstPassport = ["recap", "photo", "proofOfAddress", "birthCertificate", "taxStamp", "receipt"];

    private HttpClient Paris => app.ClientWithKey(TestClients.MairieKey);

    [Fact]
    public async Task A_deposit_lodges_the_application_here_and_hands_out_one_write_only_upload_url_per_expected_document()
    {
        var number = await app.SubmitAsync();

        var response = await Paris.DepositAsync(number);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var deposit = await response.JsonAsync();
        Assert.Equal("consumed", deposit["status"]!.GetValue<string>());
        Assert.Equal("75056", deposit["mairie"]!.GetValue<string>());
        var expiresAt = deposit["uploadExpiresAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(25), TimeSpan.FromMinutes(31));
        var documents = deposit.ByKind();
        Assert.Equal(AdultFirstPassport, documents.Keys);
        foreach (var (kind, document) in documents)
        {
            var url = new Uri(document["uploadUrl"]!.GetValue<string>());
            Assert.EndsWith($"/scans/{number}/{kind}", url.AbsolutePath, StringComparison.Ordinal);
            Assert.Contains("sp=cw&", url.Query + "&", StringComparison.Ordinal);
            Assert.False(document["archived"]!.GetValue<bool>());
            Assert.False(document.AsObject().ContainsKey("sha256"));
        }

        // Write-only, and for that one blob: no read, no other name.
        var photoUrl = documents["photo"]["uploadUrl"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Created, (await Scans.UploadAsync(documents["photo"], Scans.Jpeg("photo"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await Scans.GetAsync(photoUrl));
        var elsewhere = documents["photo"].DeepClone();
        elsewhere["uploadUrl"] = photoUrl.Replace($"/{number}/photo?", $"/{number}/other?", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await Scans.UploadAsync(elsewhere, Scans.Pdf("x"))).StatusCode);
    }

    [Fact]
    public async Task Depositing_twice_at_the_same_mairie_answers_the_same_lodging()
    {
        var (number, first) = await SubmitAndDepositAtParisAsync();

        var second = await Paris.DepositAsync(number);
        var status = await app.ClientWithKey(TestClients.BookingKey, "x-rdv-opt-auth-token").GetAsync($"/api/status?application_ids={number}");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first["lodgedAt"]!.GetValue<DateTimeOffset>(), (await second.JsonAsync())["lodgedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("consumed", (await status.JsonAsync())[number]!["status"]!.GetValue<string>());
        Assert.Equal(["lodged", "repeated"], await DepositOutcomesAsync(number));
    }

    [Fact]
    public async Task Another_mairie_depositing_or_looking_up_a_lodged_application_gets_409_saying_where()
    {
        var (number, _) = await SubmitAndDepositAtParisAsync();

        var lyon = await app.ClientWithKey(TestClients.OtherMairieKey).DepositAsync(number);
        var lyonLookup = await app.ClientWithKey(TestClients.OtherMairieKey).GetAsync($"/api/dr/predemandes/{number}");

        Assert.Equal(HttpStatusCode.Conflict, lyon.StatusCode);
        Assert.Contains("75056", (await lyon.ProblemAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, lyonLookup.StatusCode);
        Assert.Equal(["lodged", "lodgedElsewhere"], await DepositOutcomesAsync(number));
    }

    private async Task<(string Number, JsonObject First)> SubmitAndDepositAtParisAsync()
    {
        var number = await app.SubmitAsync();
        return (number, await (await Paris.DepositAsync(number)).JsonAsync());
    }

    private async Task<List<string>> DepositOutcomesAsync(string number) =>
        (await app.AuditOfNumberAsync(number)).Where(r => r.GetString("Operation") == "deposit").Select(r => r.GetString("Outcome")).Order().ToList();

    [Fact]
    public async Task Leaving_out_a_document_that_may_not_be_waived_gets_400_and_lodges_nothing()
    {
        var refusedNumber = await app.SubmitAsync();

        var refused = await Paris.DepositAsync(refusedNumber, """{"waived": ["photo"]}""");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["waived[0]"], (await refused.ProblemAsync())["errors"]!.AsObject().Select(e => e.Key));
        var view = await (await Paris.GetAsync($"/api/dr/predemandes/{refusedNumber}")).JsonAsync();
        Assert.NotEqual("consumed", view["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_expected_waivable_document_can_be_left_out()
    {
        var number = await app.SubmitAsync();

        var waived = await Paris.DepositAsync(number, """{"waived": ["birthCertificate"]}""");

        Assert.Equal(HttpStatusCode.OK, waived.StatusCode);
        Assert.DoesNotContain("birthCertificate", (await waived.JsonAsync()).ByKind().Keys);
    }

    [Fact]
    public async Task An_unknown_pre_application_cannot_be_deposited()
    {
        var unknown = await Paris.DepositAsync(PreDemande.Core.Numbers.PreApplicationNumber.New());

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task An_expired_pre_application_cannot_be_deposited()
    {
        var expired = await SubmitExpiredAsync();

        var gone = await Paris.DepositAsync(expired);

        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
    }

    [Fact]
    public async Task A_prefecture_key_cannot_deposit()
    {
        var expired = await SubmitExpiredAsync();

        var prefecture = await app.ClientWithKey(TestClients.PrefectureKey).DepositAsync(expired);

        Assert.Equal(HttpStatusCode.Forbidden, prefecture.StatusCode);
    }

    private async Task<string> SubmitExpiredAsync()
    {
        var expired = await app.SubmitAsync();
        await app.SetEntityAsync(expired, new() { ["Status"] = "expired" });
        return expired;
    }

    [Fact]
    public async Task A_scan_uploaded_through_its_url_is_archived_with_its_sha256_and_removed_from_scans()
    {
        var number = await app.SubmitAsync();
        var documents = (await (await Paris.DepositAsync(number)).JsonAsync()).ByKind();
        var photo = Scans.Jpeg($"photo of {number}");

        Assert.Equal(HttpStatusCode.Created, (await Scans.UploadAsync(documents["photo"], photo)).StatusCode);

        var archived = app.Blobs.GetBlobContainerClient("archive").GetBlobClient($"{number}/photo");
        await Eventually.Async(async () => (await archived.ExistsAsync()).Value, exists => exists, TimeSpan.FromSeconds(15));
        var properties = (await archived.GetPropertiesAsync()).Value;
        Assert.Equal(Scans.Sha256(photo), properties.Metadata["sha256"]);
        Assert.Equal("75056", properties.Metadata["mairie"]);
        Assert.Equal("photo", properties.Metadata["kind"]);
        Assert.Equal("image/jpeg", properties.ContentType);
        Assert.Equal(photo, (await archived.DownloadContentAsync()).Value.Content.ToArray());
        await Eventually.Async(() => app.BlobNamesAsync("scans", $"{number}/"), names => names.Count == 0, TimeSpan.FromSeconds(15));
        var again = (await (await Paris.DepositAsync(number)).JsonAsync()).ByKind();
        Assert.True(again["photo"]["archived"]!.GetValue<bool>());
        Assert.Equal(Scans.Sha256(photo), again["photo"]["sha256"]!.GetValue<string>());
        Assert.Null(again["photo"]["uploadUrl"]);
    }

    [Fact]
    public async Task A_fake_pdf_is_quarantined_with_its_reason_never_archived_and_the_deposit_says_so()
    {
        var number = await app.SubmitAsync();
        var documents = (await (await Paris.DepositAsync(number)).JsonAsync()).ByKind();
        var fake = "MZ this is an executable renamed .pdf"u8.ToArray();

        Assert.Equal(HttpStatusCode.Created, (await Scans.UploadAsync(documents["proofOfAddress"], fake)).StatusCode);

        var quarantined = await Eventually.Async(() => app.BlobNamesAsync("quarantine", $"{number}/"), names => names.Count == 1, TimeSpan.FromSeconds(15));
        Assert.Equal($"{number}/proofOfAddress/{Scans.Sha256(fake)}", quarantined[0]);
        var metadata = (await app.Blobs.GetBlobContainerClient("quarantine").GetBlobClient(quarantined[0]).GetPropertiesAsync()).Value.Metadata;
        Assert.Equal("type-not-allowed", metadata["reason"]);
        Assert.Empty(await app.BlobNamesAsync("archive", $"{number}/"));
        await Eventually.Async(() => app.BlobNamesAsync("scans", $"{number}/"), names => names.Count == 0, TimeSpan.FromSeconds(15));
        var again = (await (await Paris.DepositAsync(number)).JsonAsync()).ByKind();
        Assert.Equal("type-not-allowed", again["proofOfAddress"]["rejected"]!.GetValue<string>());
        Assert.NotNull(again["proofOfAddress"]["uploadUrl"]);
    }

    [Fact]
    public async Task Once_every_expected_document_is_archived_one_instruction_task_reaches_the_cert_of_the_departement()
    {
        var number = await app.SubmitReadyAsync();
        var etag = await Paris.ReadETagAsync(number);
        Assert.Equal(HttpStatusCode.OK, (await Paris.PatchFormAsync(number, new JsonObject { ["applicant"] = new JsonObject { ["heightCm"] = 169 } }, etag)).StatusCode);
        var documents = (await (await Paris.DepositAsync(number)).JsonAsync()).ByKind();
        var contents = documents.Keys.ToDictionary(k => k, k => k == "photo" ? Scans.Png(k + number) : Scans.Pdf(k + number));

        foreach (var (kind, document) in documents)
        {
            Assert.Equal(HttpStatusCode.Created, (await Scans.UploadAsync(document, contents[kind])).StatusCode);
        }

        // The dossier message itself is read by DispatchInstructionTask (ArchiveTriggerTests checks it without the triggers).
        var task = Assert.Single(await app.TasksAsync("instruction-75", number));
        Assert.Equal($"task-{number}", task["id"]!.GetValue<string>());
        Assert.Equal("75056", task["mairie"]!["code"]!.GetValue<string>());
        Assert.Equal("predemande", task["collectionMode"]!.GetValue<string>());
        Assert.True(task["corrected"]!.GetValue<bool>());
        Assert.Equal(["passport"], task["titles"]!.AsArray().Select(t => t!.GetValue<string>()));
        var sent = task["documents"]!.AsArray().ToDictionary(d => d!["kind"]!.GetValue<string>(), d => d!["sha256"]!.GetValue<string>());
        Assert.Equal(contents.ToDictionary(c => c.Key, c => Scans.Sha256(c.Value)), sent);
        Assert.Equal(AdultFirstPassport.Length, (await app.BlobNamesAsync("archive", $"{number}/")).Count);
        Assert.True((await (await Paris.DepositAsync(number)).JsonAsync())["dossierComplete"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Each_lookup_correction_and_deposit_is_one_audit_row_holding_no_personal_data()
    {
        var number = await app.SubmitReadyAsync();
        var etag = await Paris.ReadETagAsync(number);
        await Paris.PatchFormAsync(number, new JsonObject { ["contact"] = new JsonObject { ["mobile"] = "+33698765432" } }, etag);
        await Paris.DepositAsync(number);

        var rows = await app.AuditOfNumberAsync(number);

        Assert.Equal(["lookup", "correct", "deposit"], rows.Select(r => r.GetString("Operation")));
        Assert.Equal(["read", "corrected", "lodged"], rows.Select(r => r.GetString("Outcome")));
        Assert.All(rows, r => Assert.Equal("test-mairie-paris", r.GetString("Client")));
        foreach (var row in rows)
        {
            var values = string.Join("|", ((IDictionary<string, object>)row).Values.Select(v => v?.ToString()));
            Assert.DoesNotContain("LŒUVRE", values, StringComparison.Ordinal);
            Assert.DoesNotContain("ÉLODIE", values, StringComparison.Ordinal);
            Assert.DoesNotContain("698765432", values, StringComparison.Ordinal);
            Assert.DoesNotContain("612345678", values, StringComparison.Ordinal);
            Assert.DoesNotContain("ROQUETTE", values, StringComparison.Ordinal);
        }
    }
}
