using Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Storage;
using PreDemande.Functions.Tests.Infrastructure;
using PreDemande.LocalHost;

namespace PreDemande.Functions.Tests.Hosting;

/// <summary>The dispatcher on a clock the test moves, with handlers that fail as the test says.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class InvocationDispatcherTests
{
    private static readonly FunctionDeclaration Render = FunctionDeclaration.Blob("TestRender", "test/{name}");

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private int _attempts;

    private InvocationDispatcher Dispatcher() =>
        new(new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), _clock, NullLogger<InvocationDispatcher>.Instance);

    private TriggerFunction FailingFirst(int failures, Func<Exception> failure) => new(Render, (_, _, _) =>
        ++_attempts <= failures ? Task.FromException(failure()) : Task.CompletedTask);

    // Moves the clock a second at a time until the invocation ends (it waits on the clock between attempts).
    private async Task<(InvocationResult Result, TimeSpan Waited)> RunAsync(TriggerFunction function)
    {
        var from = _clock.GetUtcNow();
        var invocation = Dispatcher().InvokeAsync(function, Invocation.Parse("{}"u8), "test-invocation", CancellationToken.None);
        for (var second = 0; !invocation.IsCompleted && second < 600; second++)
        {
            await Task.Delay(1);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        return (await invocation.WaitAsync(TimeSpan.FromSeconds(10)), _clock.GetUtcNow() - from);
    }

    private static RequestFailedException Unreachable() => new(0, "Connection refused (127.0.0.1:10000)");

    [Fact]
    public async Task An_invocation_that_finds_storage_unreachable_runs_again_once_it_answers_and_succeeds()
    {
        var (result, waited) = await RunAsync(FailingFirst(3, Unreachable));

        Assert.True(result.Succeeded);
        Assert.Equal(4, _attempts);
        Assert.InRange(waited, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(9)); // 1 + 2 + 4 s
    }

    [Fact]
    public async Task An_invocation_still_failing_when_the_outage_wait_is_spent_fails_for_the_host_to_retry()
    {
        var (result, waited) = await RunAsync(FailingFirst(int.MaxValue, () => new RequestFailedException(503, "Server busy")));

        Assert.False(result.Succeeded);
        Assert.Contains("Server busy", result.Error, StringComparison.Ordinal);
        Assert.InRange(waited, InvocationDispatcher.OutageWait - TimeSpan.FromSeconds(16), InvocationDispatcher.OutageWait + TimeSpan.FromSeconds(2));
        Assert.True(_attempts > 5, $"{_attempts} attempts");
    }

    [Fact]
    public async Task A_failure_that_is_not_an_outage_fails_the_invocation_at_once()
    {
        var (result, _) = await RunAsync(FailingFirst(1, () => new RequestFailedException(404, "BlobNotFound")));

        Assert.False(result.Succeeded);
        Assert.Equal(1, _attempts);
    }

    [Fact]
    public void The_pauses_grow_to_fifteen_seconds_and_stop_at_the_outage_wait()
    {
        Assert.Equal([1, 2, 4, 8, 15, 15], Enumerable.Range(1, 6).Select(a => InvocationDispatcher.PauseBefore(a, TimeSpan.Zero)!.Value.TotalSeconds));
        Assert.Null(InvocationDispatcher.PauseBefore(6, InvocationDispatcher.OutageWait - TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void The_outage_wait_leaves_room_for_the_work_within_the_host_function_timeout()
    {
        var functionTimeout = HostSettings.FromHostJson(Repository.PathOf("host.json")).FunctionTimeout;

        Assert.True(InvocationDispatcher.OutageWait * 2 <= functionTimeout, $"{InvocationDispatcher.OutageWait} against functionTimeout {functionTimeout}");
    }

    public static TheoryData<string, Exception, bool> Failures() => new()
    {
        { "no answer", Unreachable(), true },
        { "503", new RequestFailedException(503, "busy"), true },
        { "429", new RequestFailedException(429, "throttled"), true },
        { "the client's retries spent", new AggregateException(Unreachable(), new RequestFailedException(500, "internal")), true },
        { "the client's own timeout", new TaskCanceledException("network timeout"), true },
        { "404", new RequestFailedException(404, "not found"), false },
        { "412", new RequestFailedException(412, "condition"), false },
        { "a retry ended by a refusal", new AggregateException(Unreachable(), new RequestFailedException(403, "forbidden")), false },
        { "a bad document", new InvalidDataException("not JSON"), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failure_counts_as_an_outage_only_when_waiting_could_change_it(string failure, Exception exception, bool outage)
    {
        Assert.True(StorageOutage.Is(exception, CancellationToken.None) == outage, failure);
    }

    [Fact]
    public void A_cancelled_invocation_is_not_an_outage()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.False(StorageOutage.Is(new OperationCanceledException(cancelled.Token), cancelled.Token));
    }
}
