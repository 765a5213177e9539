using Microsoft.Extensions.Time.Testing;
using PreDemande.Functions.Storage;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Storage;

/// <summary>Reference data kept in memory: one read per interval, by one caller, with the value read before.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class KeptReadTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_value_is_read_once_while_it_is_fresh_and_again_once_the_interval_has_passed()
    {
        using var kept = new KeptRead<string>(clock, () => Interval);
        var reads = 0;
        Task<string> Read(string? previous, CancellationToken _) => Task.FromResult($"read {++reads} after {previous ?? "nothing"}");

        var first = await kept.GetAsync(Read, CancellationToken.None);
        clock.Advance(Interval - TimeSpan.FromSeconds(1));
        var stillFresh = await kept.GetAsync(Read, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        var readAgain = await kept.GetAsync(Read, CancellationToken.None);

        Assert.Equal("read 1 after nothing", first);
        Assert.Same(first, stillFresh);
        Assert.Equal("read 2 after read 1 after nothing", readAgain);
    }

    [Fact]
    public async Task Callers_that_come_during_a_read_wait_for_it_instead_of_reading_too()
    {
        using var kept = new KeptRead<string>(clock, () => Interval);
        var reads = 0;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<string> Read(string? previous, CancellationToken _)
        {
            Interlocked.Increment(ref reads);
            started.TrySetResult();
            await release.Task;
            return "list";
        }

        var first = kept.GetAsync(Read, CancellationToken.None);
        await started.Task;
        var others = Enumerable.Range(0, 7).Select(_ => Task.Run(() => kept.GetAsync(Read, CancellationToken.None))).ToArray();
        release.SetResult();
        var callers = others.Append(first);
        var values = await Task.WhenAll(callers);

        Assert.Equal(1, reads);
        Assert.All(values, value => Assert.Equal("list", value));
    }

    [Fact]
    public async Task An_invalidated_value_is_read_again_at_the_next_call_and_the_read_gets_the_value_before()
    {
        using var kept = new KeptRead<string>(clock, () => Interval);
        var previousSeen = new List<string?>();
        Task<string> Read(string? previous, CancellationToken _)
        {
            previousSeen.Add(previous);
            return Task.FromResult($"v{previousSeen.Count}");
        }

        await kept.GetAsync(Read, CancellationToken.None);
        kept.Invalidate();
        var after = await kept.GetAsync(Read, CancellationToken.None);

        Assert.Equal("v2", after);
        Assert.Equal([null, "v1"], previousSeen);
    }

    [Fact]
    public async Task A_read_that_fails_keeps_nothing_and_the_next_call_reads_again()
    {
        using var kept = new KeptRead<string>(clock, () => Interval);
        var calls = 0;
        Task<string> Read(string? previous, CancellationToken _) =>
            ++calls == 1 ? throw new InvalidOperationException("storage down") : Task.FromResult("list");

        await Assert.ThrowsAsync<InvalidOperationException>(() => kept.GetAsync(Read, CancellationToken.None));
        var value = await kept.GetAsync(Read, CancellationToken.None);

        Assert.Equal("list", value);
        Assert.Equal(2, calls);
    }
}
