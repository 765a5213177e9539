using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace PreDemande.Functions.Tests.Infrastructure;

/// <summary>The app on a clock the test moves, its due work done one item per invocation (every shard with more than one item goes on in a second message).</summary>
public sealed class ClockFactory : PreDemandeFactory
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public CapturedLogs Logs { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => base.Settings().Append(new("PreDemande:Retention:BatchSize", "1"));

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
    }

    /// <summary>Plays the host's timer (one invocation of the function now), then waits until the due work it handed on is done.</summary>
    public async Task FireAsync(string function)
    {
        await InvokeTimerAsync(function);
        await DrainedAsync();
    }

    /// <summary>One invocation of the timer function, as the host makes it.</summary>
    public async Task InvokeTimerAsync(string function)
    {
        var payload = PreDemande.LocalHost.HostPayloads.Timer(function, Clock.GetUtcNow().AddDays(-1), Clock.GetUtcNow().AddDays(1), isPastDue: false);
        var response = await CreateClient().PostAsync($"/{function}", HttpExtensions.Json(System.Text.Encoding.UTF8.GetString(payload)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Waits until no message of due work is left, in flight or waiting (a message leaves the queue once its work is done).</summary>
    public Task DrainedAsync() =>
        Eventually.Async(async () => (await Queues.GetQueueClient("due-work").GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0, TimeSpan.FromSeconds(60));
}
