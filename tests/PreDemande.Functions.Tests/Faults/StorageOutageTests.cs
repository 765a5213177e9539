using System.Collections.Concurrent;
using System.Net;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Faults;

/// <summary>The app on an Azurite that keeps its data on disk, so that it can be stopped and started again under the app.</summary>
public sealed class OnDiskFactory : PreDemandeFactory
{
    private readonly string _location = Directory.CreateTempSubdirectory("predemande-azurite-").FullName;

    public async Task RestartStorageAsync(TimeSpan down)
    {
        var (blob, queue, table) = (Azurite.BlobPort, Azurite.QueuePort, Azurite.TablePort);
        await Azurite.StopAsync();
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

public sealed class StorageOutageTests(OnDiskFactory app) : IClassFixture<OnDiskFactory>
{
    [Fact]
    public async Task Storage_stopped_during_a_stream_of_submissions_loses_none_duplicates_none_and_the_app_recovers_without_a_restart()
    {
        const int submissions = 30;
        var portal = app.ClientWithKey(TestClients.PortalKey);
        var accepted = new ConcurrentDictionary<string, string>();
        var failedAttempts = 0;
        var deadline = DateTime.UtcNow.AddSeconds(90);

        async Task SubmitUntilAcceptedAsync(int i)
        {
            var key = $"outage-{i}-{Guid.NewGuid():N}";
            while (true)
            {
                Assert.True(DateTime.UtcNow < deadline, $"submission {i} never accepted");
                try
                {
                    var response = await portal.PostFormAsync(Forms.AdultPassport(), key);
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
        await app.RestartStorageAsync(TimeSpan.FromSeconds(2));
        await stream;

        Assert.True(failedAttempts > 0, "the outage did not hit the stream: nothing was tested");
        Assert.Equal(submissions, accepted.Count);
        Assert.Equal(submissions, accepted.Values.Distinct().Count());
        Assert.Equal(submissions, await app.PreApplicationCountAsync());
        foreach (var number in accepted.Values)
        {
            Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync($"/api/predemandes/{number}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/api/health")).StatusCode);
        await Eventually.Async(
            async () => (await (await portal.GetAsync($"/api/predemandes/{accepted.Values.Last()}")).JsonAsync())["status"]!.GetValue<string>(),
            status => status == "recapReady",
            TimeSpan.FromSeconds(30));
    }
}
