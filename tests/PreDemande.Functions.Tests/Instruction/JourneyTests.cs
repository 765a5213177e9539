using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Instruction;

[Trait(Tier.Name, Tier.Http)]
public sealed class JourneyTests(PreDemandeFactory app) : IClassFixture<PreDemandeFactory>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("predemande-receipt-").FullName;

    private HttpClient Portal => app.ClientWithKey(TestClients.PortalKey);

    private HttpClient Paris => app.ClientWithKey(TestClients.MairieKey);

    private HttpClient Cert => app.ClientWithKey(TestClients.PrefectureKey);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_recepisse_names_the_number_the_mairie_and_the_pre_application()
    {
        var number = await app.SubmitReadyAsync();
        await Paris.DepositAsync(number);

        var response = await Paris.GetAsync($"/api/dr/predemandes/{number}/receipt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = Path.Combine(_directory, "receipt.pdf");
        await File.WriteAllBytesAsync(pdf, await response.Content.ReadAsByteArrayAsync());
        var (checkedOk, check) = await Tools.RunAsync("qpdf", "--check", pdf);
        Assert.True(checkedOk == 0, check);
        var (extracted, text) = await Tools.RunAsync("pdftotext", "-layout", pdf, "-");
        Assert.True(extracted == 0, text);
        Assert.Contains(PreDemande.Core.Numbers.PreApplicationNumber.Grouped(number), text, StringComparison.Ordinal);
        Assert.Contains("Paris (75056)", text, StringComparison.Ordinal);
        Assert.Contains("pré-demande en ligne", text, StringComparison.Ordinal);
        Assert.Contains("Signature du demandeur", text, StringComparison.Ordinal);
        Assert.Contains("Le récépissé signé au dépôt", text, StringComparison.Ordinal);
        Assert.Contains(await app.AuditOfNumberAsync(number), r => r.GetString("Operation") == "receipt" && r.GetString("Outcome") == "read");
    }

    [Fact]
    public async Task Only_the_lodging_mairie_gets_the_recepisse_once_the_application_is_lodged()
    {
        var number = await app.SubmitReadyAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await Paris.GetAsync($"/api/dr/predemandes/{number}/receipt")).StatusCode);
        await Paris.DepositAsync(number);

        var response = await Paris.GetAsync($"/api/dr/predemandes/{number}/receipt");
        var lyon = await app.ClientWithKey(TestClients.OtherMairieKey).GetAsync($"/api/dr/predemandes/{number}/receipt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lyon.StatusCode);
    }

    [Fact]
    public async Task A_pre_application_goes_from_the_portal_through_the_mairie_and_the_cert_to_handed_over()
    {
        // Portal: the citizen submits and gets the recap.
        var number = await app.SubmitReadyAsync();
        Assert.Equal(HttpStatusCode.OK, (await Portal.GetAsync($"/api/predemandes/{number}/recap")).StatusCode);

        // Mairie: looks it up by the number, lodges it, prints the récépissé, scans everything (the signed récépissé too).
        Assert.Equal(HttpStatusCode.OK, (await Paris.GetAsync($"/api/dr/predemandes/{number}")).StatusCode);
        var documents = (await (await Paris.DepositAsync(number)).JsonAsync()).ByKind();
        Assert.Contains("receipt", documents.Keys);
        var signedReceipt = await (await Paris.GetAsync($"/api/dr/predemandes/{number}/receipt")).Content.ReadAsByteArrayAsync();
        var scans = documents.Keys.ToDictionary(k => k, k => k == "receipt" ? signedReceipt : Scans.Pdf($"{k} {number}"));
        foreach (var (kind, document) in documents)
        {
            Assert.Equal(HttpStatusCode.Created, (await Scans.UploadAsync(document, scans[kind])).StatusCode);
        }

        var archivedReceipt = await Eventually.Async(
            async () => (await app.Blobs.GetBlobContainerClient("archive").GetBlobClient($"{number}/receipt").ExistsAsync()).Value,
            exists => exists,
            TimeSpan.FromSeconds(20));
        Assert.True(archivedReceipt);

        // CERT: reads its queue as its system would, fetches the data and every document, checks each hash against the task.
        var task = Assert.Single(await app.TasksAsync("instruction-75", number));
        Assert.Equal("predemande", task["collectionMode"]!.GetValue<string>());
        var view = await (await Cert.GetAsync(task["links"]!["self"]!.GetValue<string>())).JsonAsync();
        using var http = new HttpClient();
        foreach (var expected in task["documents"]!.AsArray().Select(d => d!))
        {
            var kind = expected["kind"]!.GetValue<string>();
            var document = view["documents"]!.AsArray().Single(d => d!["kind"]!.GetValue<string>() == kind)!;
            var content = await http.GetByteArrayAsync(document["url"]!.GetValue<string>());
            Assert.Equal(expected["sha256"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(content)));
            Assert.Equal(scans[kind], content);
        }

        foreach (var type in new[] { "instructionStarted", "inProduction", "available", "handedOver" })
        {
            var answer = await Cert.PostEventAsync(number, type, eventId: $"cert-75-{type}");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.True((await answer.JsonAsync())["applied"]!.GetValue<bool>());
        }

        // Afterwards: the status everywhere, one status change per event, every read audited.
        var final = await (await Cert.GetAsync($"/api/prefecture/predemandes/{number}")).JsonAsync();
        Assert.Equal("handedOver", final["status"]!.GetValue<string>());
        Assert.Equal(["consumed", "underInstruction", "inProduction", "available", "handedOver"], final["statusHistory"]!.AsArray().Select(h => h!["status"]!.GetValue<string>()));
        var portalView = await (await Portal.GetAsync($"/api/predemandes/{number}")).JsonAsync();
        Assert.Equal("handedOver", portalView["status"]!.GetValue<string>());
        var stages = portalView["stages"]!.AsArray().Select(s => s!).ToList();
        Assert.Equal(["submitted", "recapReady", "consumed", "underInstruction", "inProduction", "available", "handedOver"], stages.Select(s => s["status"]!.GetValue<string>()));
        var available = stages.Single(s => s["status"]!.GetValue<string>() == "available");
        Assert.Equal("75056", available["mairie"]!["code"]!.GetValue<string>());
        var availableOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(available["at"]!.GetValue<DateTimeOffset>(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime);
        Assert.Equal(availableOn.AddMonths(3).AddDays(-1), DateOnly.Parse(available["until"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("Paris", available["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(stages.Select(s => s["at"]!.GetValue<DateTimeOffset>()).Order(), stages.Select(s => s["at"]!.GetValue<DateTimeOffset>()));
        Assert.Equal("consumed", (await (await app.ClientWithKey(TestClients.BookingKey, "x-rdv-opt-auth-token").GetAsync($"/api/status?application_ids={number}")).JsonAsync())[number]!["status"]!.GetValue<string>());
        Assert.Equal(
            [$"{number}:available", $"{number}:handedOver", $"{number}:inProduction", $"{number}:instructionStarted", $"dossier-{number}", $"task-{number}"],
            await app.SentMessageIdsAsync(number));

        // The applicant: the recap by e-mail, the SMS when the title was available (outbox sender).
        var outbox = app.Tables.GetTableClient("outbox");
        var recapEmail = await Eventually.Async(async () => (await outbox.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(number, "recapEmail")) is { HasValue: true } r1 ? r1.Value : null, r => r?.GetString("Status") == "sent", TimeSpan.FromSeconds(20));
        var sms = await Eventually.Async(async () => (await outbox.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(number, "titleAvailable")) is { HasValue: true } r2 ? r2.Value : null, r => r?.GetString("Status") == "sent", TimeSpan.FromSeconds(20));
        Assert.Equal("email", recapEmail!.GetString("Channel"));
        Assert.Equal("sms", sms!.GetString("Channel"));
        Assert.Contains("mairie de Paris", sms.GetString("Text"), StringComparison.Ordinal);
        Assert.Equal("+33 6 •• •• •• 78", sms.GetString("Recipient"));
        var operations = (await app.AuditOfNumberAsync(number)).Select(r => r.GetString("Operation")).ToArray();
        Assert.Equal(2, operations.Count(o => o == "prefectureRead"));
        Assert.Equal(4, operations.Count(o => o!.StartsWith("prefectureEvent:", StringComparison.Ordinal)));
        Assert.Contains("lookup", operations);
        Assert.Contains("deposit", operations);
    }

    [Fact]
    public async Task The_applicant_follows_a_refusal_with_the_reason_the_cert_gave_in_the_portal_view()
    {
        var number = await app.SubmitReadyAsync();
        await Paris.DepositAsync(number);
        Assert.Equal(HttpStatusCode.OK, (await Cert.PostEventAsync(number, "instructionStarted")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Cert.PostEventAsync(number, "refused", reason: "Pièce d'identité du parent illisible")).StatusCode);

        var view = await (await Portal.GetAsync($"/api/predemandes/{number}")).JsonAsync();

        var stages = view["stages"]!.AsArray().Select(s => s!).ToList();
        Assert.Equal(["submitted", "recapReady", "consumed", "underInstruction", "refused"], stages.Select(s => s["status"]!.GetValue<string>()));
        Assert.Equal("Pièce d'identité du parent illisible", stages[^1]["reason"]!.GetValue<string>());
        Assert.Contains("Pièce d'identité du parent illisible", stages[^1]["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("75056", stages[2]["mairie"]!["code"]!.GetValue<string>());
    }
}
