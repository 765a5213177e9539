using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Storage;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Services;

/// <summary>The send-once mechanism when a run finds another run's claim, on Azurite and a clock the test moves.</summary>
[Trait(Tier.Name, Tier.Storage)]
public sealed class OutgoingMessagesTests(ServiceHarness services) : IClassFixture<ServiceHarness>
{
    private static readonly TimeSpan ClaimTimeout = new OutgoingMessagesOptions().ClaimTimeout;

    [Fact]
    public async Task A_claim_left_by_a_dead_sender_is_taken_over_within_the_same_invocation_once_it_times_out()
    {
        var (record, id, queue) = await ClaimedByAnotherRunAsync();

        var sending = services.Get<OutgoingMessages>().SendOnceAsync(record, id, queue, Body(id), CancellationToken.None);
        var started = services.Clock.GetUtcNow();
        await AdvanceUntilDoneAsync(sending);

        Assert.Equal(SendOutcome.Sent, await sending);
        Assert.True(services.Clock.GetUtcNow() - started >= ClaimTimeout, "The claim was taken over before it timed out.");
        Assert.Single(await PeekAsync(queue));
        Assert.NotNull((await services.ReadAsync(record.Number))?.Dispatches[id].SentAt);
    }

    [Fact]
    public async Task A_run_that_finds_the_message_marked_sent_while_it_waits_sends_nothing()
    {
        var (record, id, queue) = await ClaimedByAnotherRunAsync();

        var sending = services.Get<OutgoingMessages>().SendOnceAsync(record, id, queue, Body(id), CancellationToken.None);
        await services.Get<PreApplicationStore>().ChangeAsync(record.Number, null, current =>
            new PreApplicationChange(Dispatches: new Dictionary<string, Dispatch>(current.Dispatches, StringComparer.Ordinal) { [id] = current.Dispatches[id] with { SentAt = services.Clock.GetUtcNow() } }),
            CancellationToken.None);
        await AdvanceUntilDoneAsync(sending);

        Assert.Equal(SendOutcome.AlreadySent, await sending);
        Assert.Empty(await PeekAsync(queue));
    }

    [Fact]
    public async Task A_run_that_waited_out_its_bound_while_the_claim_was_renewed_answers_in_progress_and_sends_nothing()
    {
        var (record, id, queue) = await ClaimedByAnotherRunAsync();

        var sending = services.Get<OutgoingMessages>().SendOnceAsync(record, id, queue, Body(id), CancellationToken.None);
        // The other run claims again at every step: it is alive and keeps the sending.
        await AdvanceUntilDoneAsync(sending, () => RenewClaimAsync(record.Number, id));

        Assert.Equal(SendOutcome.InProgress, await sending);
        Assert.Empty(await PeekAsync(queue));
    }

    private async Task<(PreApplicationRecord Record, string Id, string Queue)> ClaimedByAnotherRunAsync()
    {
        var document = await services.SubmitAsync();
        var id = $"test-{document.Number}";
        var queue = $"sent-once-{Guid.NewGuid():N}"[..30];
        var record = await services.Get<PreApplicationStore>().ChangeAsync(document.Number, null, current =>
            new PreApplicationChange(Dispatches: new Dictionary<string, Dispatch>(current.Dispatches, StringComparer.Ordinal) { [id] = new Dispatch(queue, "another-run", services.Clock.GetUtcNow(), SentAt: null) }),
            CancellationToken.None);
        return (record!, id, queue);
    }

    private async Task RenewClaimAsync(string number, string id) =>
        await services.Get<PreApplicationStore>().ChangeAsync(number, null, current =>
            new PreApplicationChange(Dispatches: new Dictionary<string, Dispatch>(current.Dispatches, StringComparer.Ordinal) { [id] = current.Dispatches[id] with { ClaimedAt = services.Clock.GetUtcNow() } }),
            CancellationToken.None);

    // Moves the clock a recheck at a time, letting the waiting run read storage between steps, until
    // the run ends (within 30 s of real time, so a run that never ends fails the test).
    private async Task AdvanceUntilDoneAsync(Task sending, Func<Task>? eachStep = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!sending.IsCompleted && watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (eachStep is not null)
            {
                await eachStep();
            }

            await Task.Delay(50);
            services.Clock.Advance(OutgoingMessages.Recheck);
        }

        Assert.True(sending.IsCompleted, "The run did not end.");
    }

    private async Task<IReadOnlyList<Azure.Storage.Queues.Models.PeekedMessage>> PeekAsync(string queue)
    {
        var client = services.Get<StorageClients>().Queue(queue);
        return await client.ExistsAsync() ? (await client.PeekMessagesAsync(maxMessages: 5)).Value : [];
    }

    private static BinaryData Body(string id) => new($"{{\"id\":\"{id}\"}}");
}
