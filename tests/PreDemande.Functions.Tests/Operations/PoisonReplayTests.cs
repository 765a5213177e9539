using Microsoft.Extensions.DependencyInjection;
using System.Net;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Operations;

/// <summary>The app whose instruction dispatch fails while a fault is armed (the host's call answers 500, as a broken deployment would).</summary>
public sealed class FaultyDispatchFactory : PreDemandeFactory
{
    public FaultSwitch Fault { get; } = new("/DispatchInstructionTask");

    protected override HttpMessageHandler HostHandler(HttpMessageHandler app) => new FaultyHandler(Fault) { InnerHandler = app };

    public sealed class FaultSwitch(string path)
    {
        public string Path { get; } = path;

        private int _armed;
        private int _refused;

        public bool Armed
        {
            get => Volatile.Read(ref _armed) == 1;
            set => Volatile.Write(ref _armed, value ? 1 : 0);
        }

        public int Refused => Volatile.Read(ref _refused);

        public void Refuse() => Interlocked.Increment(ref _refused);
    }

    private sealed class FaultyHandler(FaultSwitch fault) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (fault.Armed && request.RequestUri!.AbsolutePath == fault.Path)
            {
                fault.Refuse();
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError));
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}

[Trait(Tier.Name, Tier.Http)]
public sealed class PoisonReplayTests(FaultyDispatchFactory app) : IClassFixture<FaultyDispatchFactory>
{
    [Fact]
    public async Task A_task_poisoned_by_a_fault_is_replayed_by_the_command_once_the_fault_is_removed_and_dispatched_once()
    {
        var poison = app.Queues.GetQueueClient("dossiers-deposes-poison");
        await poison.CreateIfNotExistsAsync();
        app.Fault.Armed = true;
        var (number, _) = await app.LodgeCompleteAsync(TestClients.MairieKey);
        var poisoned = await Eventually.Async(async () => (await poison.PeekMessagesAsync(32)).Value, m => m.Any(b => b.Body.ToString().Contains(number, StringComparison.Ordinal)), TimeSpan.FromSeconds(60));
        Assert.True(app.Fault.Refused >= 5, $"{app.Fault.Refused} calls refused");
        Assert.Empty(await app.MessagesAsync("instruction-75", number));
        app.Fault.Armed = false;
        var environment = new Dictionary<string, string> { ["AzureWebJobsStorage"] = app.Azurite.ConnectionString };

        var (dryExit, dryOutput) = await AppProcess.RunAsync(environment, "replay-poison", "dossiers-deposes", "--dry-run");
        Assert.Equal(0, dryExit);
        Assert.Contains("(dry run)", dryOutput, StringComparison.Ordinal);
        Assert.Equal(poisoned.Length, (await poison.PeekMessagesAsync(32)).Value.Length);
        Assert.Empty(await app.MessagesAsync("instruction-75", number));

        var (exit, output) = await AppProcess.RunAsync(environment, "replay-poison", "dossiers-deposes-poison");
        Assert.Equal(0, exit);
        Assert.Contains($"{poisoned.Length} message(s) moved back from dossiers-deposes-poison to dossiers-deposes", output, StringComparison.Ordinal);
        var task = Assert.Single(await app.TasksAsync("instruction-75", number));
        Assert.Equal($"task-{number}", task["id"]!.GetValue<string>());
        Assert.Empty((await poison.PeekMessagesAsync(32)).Value);
        Assert.DoesNotContain(number, output, StringComparison.Ordinal);

        var (again, againOutput) = await AppProcess.RunAsync(environment, "replay-poison", "dossiers-deposes");
        Assert.Equal(0, again);
        Assert.Contains("0 message(s) moved back", againOutput, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(await app.MessagesAsync("instruction-75", number));
    }

    [Fact]
    public async Task The_replay_moves_at_most_the_number_asked_and_leaves_the_rest()
    {
        var poison = app.Queues.GetQueueClient("status-changes-poison");
        await poison.CreateIfNotExistsAsync();
        var replay = app.Services.GetRequiredService<PreDemande.Functions.Operations.PoisonReplay>();
        app.Fault.Armed = false;

        // Messages that still fail (they name no pre-application): the replay moves them back once, they return to the poison queue.
        for (var i = 0; i < 3; i++)
        {
            await poison.SendMessageAsync("not json at all");
        }

        var result = await replay.ReplayAsync("status-changes", dryRun: false, max: 2, CancellationToken.None);

        Assert.Equal(2, result.Moved);
        Assert.Equal(1, result.LeftInPoison);
        await Eventually.Async(async () => (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 3, TimeSpan.FromSeconds(60));
    }

    [Theory]
    [InlineData("webjobs-blobtrigger-poison")]
    [InlineData("instruction-75")]
    [InlineData("unknown")]
    public async Task Only_a_queue_read_by_a_trigger_can_be_replayed_and_the_command_says_why_not(string queue)
    {
        var (exit, output) = await AppProcess.RunAsync(new Dictionary<string, string> { ["AzureWebJobsStorage"] = app.Azurite.ConnectionString }, "replay-poison", queue);

        Assert.Equal(2, exit);
        Assert.Contains("not a queue read by a trigger", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_storage_the_command_says_which_setting_is_missing_in_one_line_and_fails()
    {
        var (unset, unsetOutput) = await AppProcess.RunAsync(new Dictionary<string, string>(), "replay-poison", "notifications");
        var (unreachable, unreachableOutput) = await AppProcess.RunAsync(new Dictionary<string, string> { ["AzureWebJobsStorage"] = Azurite.ConnectionStringFor(Tools.FreePort(), Tools.FreePort(), Tools.FreePort()) }, "replay-poison", "notifications", "--dry-run");

        Assert.Equal(1, unset);
        Assert.Contains("replay-poison: Storage is not configured: set AzureWebJobsStorage", unsetOutput, StringComparison.Ordinal);
        Assert.Equal(1, unreachable);
        Assert.Contains("replay-poison: ", unreachableOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", unsetOutput + unreachableOutput, StringComparison.Ordinal);
    }
}
