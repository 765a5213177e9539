using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Faults;

/// <summary>
/// The app process killed (SIGKILL) right after one storage write of a trigger's work, before it
/// learns that the write succeeded, then started again on the same storage: the retry finishes
/// the work, and finishes it once. Each case is one crash window of the function.
/// </summary>
[Trait(Tier.Name, Tier.System)]
public sealed class ProcessKillTests(KillFixture storage) : IClassFixture<KillFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    public static TheoryData<string> RecapAndNotificationWindows =>
    [
        "recap PDF stored",
        "recap status set",
        "recap e-mail requested",
        "outbox row added",
        "e-mail accepted by ACS",
        "outbox row marked sent",
    ];

    public static TheoryData<string> LodgingWindows =>
    [
        "scan archived",
        "first scan recorded",
        "scan removed",
        "dossier message sent",
        "task claimed",
        "task sent",
        "task marked sent",
    ];

    [Theory]
    [MemberData(nameof(RecapAndNotificationWindows))]
    public async Task Killed_while_rendering_the_recap_or_sending_its_email_the_restarted_app_leaves_one_pdf_and_sends_one_email(string window)
    {
        var email = $"kill-{Guid.NewGuid():N}@example.org";
        string? number = null;
        var killed = Task.FromResult<StorageRequest?>(null);
        await using (var app = await storage.StartAppAsync())
        {
            killed = ArmAsync(window, app, () => number);
            number = await SubmitAsync(app, email);
            await WaitKilledAsync(killed, app, window);
        }

        var pdfAtKill = await RecapETagAsync(number);
        await using (var again = await storage.StartAppAsync())
        {
            var row = await Eventually.Async(() => OutboxRowAsync(number, "recapEmail"), r => r?.GetString("Status") == "sent", Patience);
            var portal = again.Client(TestClients.PortalKey);
            Assert.Equal("recapReady", (await (await portal.GetAsync($"/api/predemandes/{number}")).JsonAsync())["status"]!.GetValue<string>());

            // One PDF, never written twice.
            var recaps = await storage.Blobs.BlobNamesAsync("recaps", number);
            Assert.Equal([$"{number}.pdf"], recaps);
            if (pdfAtKill is not null)
            {
                Assert.Equal(pdfAtKill, await RecapETagAsync(number));
            }

            // One e-mail: every request ACS accepted for this applicant carries the row's id.
            var sent = storage.Acs.AcceptedBodies.Where(b => b.Value.Contains(email, StringComparison.Ordinal)).ToList();
            var single = Assert.Single(sent);
            Assert.Equal(row!.GetString("RepeatabilityId"), single.Key);
        }
    }

    [Theory]
    [MemberData(nameof(LodgingWindows))]
    public async Task Killed_while_archiving_scans_or_dispatching_the_task_the_restarted_app_archives_each_scan_once_and_sends_one_task(string window)
    {
        string? number = null;
        Dictionary<string, byte[]> uploaded;
        Dictionary<string, Azure.ETag> archivedAtKill;
        var killedRun = string.Empty;
        await using (var app = await storage.StartAppAsync())
        {
            number = await SubmitAsync(app, $"lodging-{Guid.NewGuid():N}@example.org");
            await Eventually.Async(() => OutboxRowAsync(number, "recapEmail"), r => r?.GetString("Status") == "sent", Patience);

            var paris = app.Client(TestClients.MairieKey);
            var answer = await paris.PostAsync($"/api/dr/predemandes/{number}/deposit", null);
            Assert.True(answer.IsSuccessStatusCode, $"deposit: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}\n{app.Output}");
            var deposit = await answer.JsonAsync();
            var killed = ArmAsync(window, app, () => number);
            uploaded = [];
            foreach (var (kind, document) in deposit.ByKind())
            {
                var content = Scans.Pdf($"{kind} {number}");
                Assert.Equal(HttpStatusCode.Created, (await Scans.UploadAsync(document, content)).StatusCode);
                uploaded[kind] = content;
            }

            await WaitKilledAsync(killed, app, window);
            archivedAtKill = await ArchiveETagsAsync(number);
            killedRun = app.Output;
        }

        await using (var again = await storage.StartAppAsync())
        {
            string BothRuns() => $"{killedRun}\n=== restarted ===\n{again.Output}";

            // Done when the task is marked sent on the pre-application and no scan is left.
            await Eventually.Async(() => storage.Tables.SentMessageIdsAsync(number), sent => sent.Contains($"task-{number}"), Patience, BothRuns);
            await Eventually.Async(async () => (await storage.Blobs.BlobNamesAsync("scans", $"{number}/")).Count, count => count == 0, Patience, BothRuns);

            // Each scan archived once, with the uploaded bytes; what was archived before the kill untouched.
            var archived = await ArchiveETagsAsync(number);
            Assert.Equal(uploaded.Keys.Select(k => $"{number}/{k}").Order(StringComparer.Ordinal), archived.Keys.Order(StringComparer.Ordinal));
            foreach (var (name, etag) in archivedAtKill)
            {
                Assert.Equal(etag, archived[name]);
            }

            foreach (var (kind, content) in uploaded)
            {
                var stored = await storage.Blobs.GetBlobContainerClient("archive").GetBlobClient($"{number}/{kind}").DownloadContentAsync();
                Assert.Equal(content, stored.Value.Content.ToArray());
            }

            Assert.Empty(await storage.Blobs.BlobNamesAsync("quarantine", $"{number}/"));

            // One task. Killed between sending it and marking it sent, the retry cannot know it went
            // out and sends it again: the same task, the same id, which the CERT drops (decision 0002).
            await Task.Delay(TimeSpan.FromSeconds(1)); // a late second copy would be on the queue by now
            var tasks = await storage.Queues.MessagesAsync("instruction-75", number);
            if (window == "task sent")
            {
                Assert.InRange(tasks.Count, 1, 2);
                Assert.Single(tasks.Select(t => t.ToJsonString()).Distinct());
            }
            else
            {
                Assert.Single(tasks);
            }

            Assert.Equal($"task-{number}", tasks[0]["id"]!.GetValue<string>());
            Assert.Equal(uploaded.Count, tasks[0]["documents"]!.AsArray().Count);
        }
    }

    // The window's rule: the proxy kills the app once storage has carried out that write.
    private Task<StorageRequest?> ArmAsync(string window, RunningApp app, Func<string?> number)
    {
        var taskChanges = 0;
        bool TaskChange(StorageRequest r, int which) =>
            r.IsEntityChange("predemandes") && number() is { } n && r.Body.Contains($"task-{n}", StringComparison.Ordinal) && ++taskChanges == which;

        if (window == "e-mail accepted by ACS")
        {
            var accepted = new TaskCompletionSource<StorageRequest?>(TaskCreationOptions.RunContinuationsAsynchronously);
            storage.Acs.BeforeAnswer = async () =>
            {
                await app.KillAsync();
                accepted.TrySetResult(null);
            };
            return accepted.Task;
        }

        Func<StorageRequest, bool> when = window switch
        {
            "recap PDF stored" => r => r.Is("blob", "PUT", "/recaps/"),
            "recap status set" => r => r.IsEntityChange("predemandes"),
            "recap e-mail requested" => r => r.Is("queue", "POST", "/notifications/messages"),
            "outbox row added" => r => r.Is("table", "POST", "/outbox"),
            "outbox row marked sent" => r => r.IsEntityChange("outbox"),
            "scan archived" => r => r.Is("blob", "PUT", "/archive/"),
            "first scan recorded" => r => r.IsEntityChange("predemandes"),
            "scan removed" => r => r.Is("blob", "DELETE", "/scans/"),
            "dossier message sent" => r => r.Is("queue", "POST", "/dossiers-deposes/messages"),
            "task claimed" => r => TaskChange(r, 1),
            "task sent" => r => r.Is("queue", "POST", "/instruction-75/messages"),
            "task marked sent" => r => TaskChange(r, 2),
            _ => throw new ArgumentOutOfRangeException(nameof(window), window, null),
        };
        return KillAfterAsync(when, app);
    }

    private async Task<StorageRequest?> KillAfterAsync(Func<StorageRequest, bool> when, RunningApp app) =>
        await storage.Proxy.KillAfter(when, app.KillAsync);

    private static async Task WaitKilledAsync(Task<StorageRequest?> killed, RunningApp app, string window)
    {
        var finished = await Task.WhenAny(killed, Task.Delay(Patience));
        Assert.True(finished == killed, $"The app never reached the window \"{window}\".\n{app.Output}");
        Assert.True(app.HasExited, "The app still runs after the kill.");
    }

    private static async Task<string> SubmitAsync(RunningApp app, string email)
    {
        var form = Forms.AdultPassport();
        form["contact"]!["email"] = email;
        var created = await app.Client(TestClients.PortalKey).PostFormAsync(form);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync())["number"]!.GetValue<string>();
    }

    private async Task<Azure.ETag?> RecapETagAsync(string number)
    {
        var blob = storage.Blobs.GetBlobContainerClient("recaps").GetBlobClient($"{number}.pdf");
        return (await blob.ExistsAsync()).Value ? (await blob.GetPropertiesAsync()).Value.ETag : null;
    }

    private async Task<Dictionary<string, Azure.ETag>> ArchiveETagsAsync(string number)
    {
        var found = new Dictionary<string, Azure.ETag>(StringComparer.Ordinal);
        await foreach (var blob in storage.Blobs.GetBlobContainerClient("archive").GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{number}/", CancellationToken.None))
        {
            found[blob.Name] = blob.Properties.ETag!.Value;
        }

        return found;
    }

    private async Task<TableEntity?> OutboxRowAsync(string number, string kind)
    {
        var table = storage.Tables.GetTableClient("outbox");
        var row = await table.GetEntityIfExistsAsync<TableEntity>(number, kind);
        return row.HasValue ? row.Value : null;
    }
}
