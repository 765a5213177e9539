using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Faults;

/// <summary>The app on an Azurite that keeps its data on disk, so that it can be stopped and started again under the app.</summary>
public sealed class OnDiskFactory : PreDemandeFactory
{
    public static readonly FunctionDeclaration Watch = FunctionDeclaration.Blob("TestOutageWatch", "test-outage/{name}");

    private readonly string _location = Directory.CreateTempSubdirectory("predemande-azurite-").FullName;

    /// <summary>Names of the blobs the test-only blob function has seen.</summary>
    public ConcurrentQueue<string> Watched { get; } = new();

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.AddSingleton<ILoggerProvider>(Logs).AddTriggerFunction(Watch, (invocation, _, _) =>
        {
            Watched.Enqueue(invocation.MetadataString("name")!);
            return Task.CompletedTask;
        });

    /// <summary>Whether a restart had to kill Azurite rather than let it stop.</summary>
    public bool StorageKilled { get; private set; }

    public async Task RestartStorageAsync(TimeSpan down)
    {
        var (blob, queue, table) = (Azurite.BlobPort, Azurite.QueuePort, Azurite.TablePort);
        await Azurite.StopAsync();
        StorageKilled |= Azurite.Killed;
        await Task.Delay(down);
        Replace(await Azurite.StartAsync(_location, blob, queue, table));
    }

    protected override Task<Azurite> StartAzuriteAsync() => Azurite.StartAsync(_location, Tools.FreePort(), Tools.FreePort(), Tools.FreePort());

    protected override ValueTask StopDependenciesAsync()
    {
        Directory.Delete(_location, recursive: true);
        return ValueTask.CompletedTask;
    }
}

[Trait(Tier.Name, Tier.System)]
public sealed class StorageOutageTests(OnDiskFactory app) : IClassFixture<OnDiskFactory>
{
    [Fact]
    public async Task A_blob_trigger_whose_listing_failed_through_a_long_outage_fires_again_for_uploads_after_it()
    {
        var container = app.Blobs.GetBlobContainerClient("test-outage");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient("before.txt").UploadAsync(BinaryData.FromString("before"));
        await Eventually.Async(() => Task.FromResult(app.Watched.ToArray()), w => w.Contains("before.txt"), TimeSpan.FromSeconds(15));

        // Longer than the storage client's own retries: the listing fails for good and its run ends.
        await app.RestartStorageAsync(TimeSpan.FromSeconds(10));
        await app.Blobs.GetBlobContainerClient("test-outage").GetBlobClient("after.txt").UploadAsync(BinaryData.FromString("after"));

        await Eventually.Async(() => Task.FromResult(app.Watched.ToArray()), w => w.Contains("after.txt"), TimeSpan.FromSeconds(30));
        Assert.Single(app.Watched, name => name == "before.txt");
    }

    [Fact]
    public async Task Storage_stopped_during_a_stream_of_submissions_loses_none_duplicates_none_and_the_app_recovers_without_a_restart()
    {
        const int submissions = 30;
        var portal = app.ClientWithKey(TestClients.PortalKey);
        var accepted = new ConcurrentDictionary<string, string>();
        var failedAttempts = 0;
        var duringOutage = 0;
        long downFrom = long.MaxValue, upAt = long.MaxValue;
        var deadline = DateTime.UtcNow.AddSeconds(90);

        async Task SubmitUntilAcceptedAsync(int i)
        {
            var key = $"outage-{i}-{Guid.NewGuid():N}";
            while (true)
            {
                Assert.True(DateTime.UtcNow < deadline, $"submission {i} never accepted");
                var sentAt = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    var response = await portal.PostFormAsync(Forms.AdultPassport(), key);
                    if (sentAt < Volatile.Read(ref upAt) && System.Diagnostics.Stopwatch.GetTimestamp() > Volatile.Read(ref downFrom))
                    {
                        Interlocked.Increment(ref duringOutage); // in flight while storage was down: answered after the app's own retries, or failed
                    }

                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        accepted[key] = (await response.JsonAsync())["number"]!.GetValue<string>();
                        return;
                    }

                    Assert.True((int)response.StatusCode >= 500, $"submission {i}: {(int)response.StatusCode}");
                }
                catch (HttpRequestException)
                {
                }

                Interlocked.Increment(ref failedAttempts);
                await Task.Delay(200); // the client retries with the same Idempotency-Key
            }
        }

        var stream = Task.WhenAll(Enumerable.Range(0, submissions).Select(async i =>
        {
            await Task.Delay(i * 100);
            await SubmitUntilAcceptedAsync(i);
        }));
        await Task.Delay(800);
        Volatile.Write(ref downFrom, System.Diagnostics.Stopwatch.GetTimestamp());
        await app.RestartStorageAsync(TimeSpan.FromSeconds(2));
        Volatile.Write(ref upAt, System.Diagnostics.Stopwatch.GetTimestamp());
        await stream;

        // The storage clients' retries may carry a request over the outage (a slow 201) or give up
        // (a 5xx the client retries): either way some requests were in flight while it was down.
        Assert.True(failedAttempts + duringOutage > 0, "the outage did not hit the stream: nothing was tested");
        Assert.Equal(submissions, accepted.Count);
        Assert.Equal(submissions, accepted.Values.Distinct().Count());
        Assert.Equal(submissions, await app.PreApplicationCountAsync());
        foreach (var number in accepted.Values)
        {
            Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync($"/api/predemandes/{number}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/api/health")).StatusCode);
        // The triggers got over the outage too: every recap is rendered, none left behind (none in
        // the blob triggers' poison queue either).
        var deadlineForRecaps = DateTime.UtcNow.AddSeconds(30);
        var waiting = accepted.Values.ToList();
        while (waiting.Count > 0 && DateTime.UtcNow < deadlineForRecaps)
        {
            var statuses = await Task.WhenAll(waiting.Select(async number =>
                (number, status: (await (await portal.GetAsync($"/api/predemandes/{number}")).JsonAsync())["status"]!.GetValue<string>())));
            waiting = [.. statuses.Where(s => s.status != "recapReady").Select(s => s.number)];
            await Task.Delay(200);
        }

        var poisoned = (await app.Queues.GetQueueClient("webjobs-blobtrigger-poison").GetPropertiesAsync()).Value.ApproximateMessagesCount;
        var documents = app.Blobs.GetBlobContainerClient("predemandes");
        var missing = await Task.WhenAll(waiting.Select(async number => $"{number} (document {((await documents.GetBlobClient($"{number}.json").ExistsAsync()).Value ? "stored" : "missing")})"));
        Assert.True(waiting.Count == 0 && poisoned == 0, $"""
            {waiting.Count} recaps not rendered 30 s after the outage: {string.Join(", ", missing)}; {poisoned} messages in webjobs-blobtrigger-poison; Azurite {(app.StorageKilled ? "killed" : "stopped")}. Warnings and errors, but the requests failed during the outage:
            {string.Join("\n", app.Logs.Lines.Where(l => l.Level >= LogLevel.Warning && !l.Category.Contains("ExceptionHandler", StringComparison.Ordinal)).Select(l => $"{l.Level} {l.Category}: {l.Message}").TakeLast(60))}
            """);
    }
}
