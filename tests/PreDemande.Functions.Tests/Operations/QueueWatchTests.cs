using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using PreDemande.Functions.Operations;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Operations;

public sealed class QueueWatchFactory : PreDemandeFactory
{
    public CapturedLogs Logs { get; } = new();

    protected override bool RunsTriggers => false;

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
}

[Trait(Tier.Name, Tier.Http)]
public sealed class QueueWatchTests(QueueWatchFactory app) : IClassFixture<QueueWatchFactory>
{
    [Fact]
    public async Task The_watch_gauges_the_backlog_of_every_triggered_queue_and_every_poison_queue_and_warns_while_one_is_not_empty()
    {
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        var measured = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var backlog = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name is "predemande.poison.messages" or "predemande.queue.messages" && instrument.Meter.Scope == meters)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            (instrument.Name == "predemande.poison.messages" ? measured : backlog)[(string)tags.ToArray().Single(t => t.Key == "queue").Value!] = value);
        listener.Start();
        var poison = app.Queues.GetQueueClient("notifications-poison");
        await poison.SendMessageAsync("one");
        await poison.SendMessageAsync("two");
        await app.Queues.GetQueueClient("due-work").SendMessageAsync("""{"task":"purge","day":"2026-12-01","shard":3}""");

        await app.Services.GetRequiredService<QueueWatch>().WatchAsync(CancellationToken.None);
        listener.RecordObservableInstruments();

        Assert.Equal(QueueWatch.PoisonQueues.Order(StringComparer.Ordinal), measured.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("webjobs-blobtrigger-poison", measured.Keys);
        Assert.Equal(2, measured["notifications-poison"]);
        Assert.All(measured.Where(m => m.Key != "notifications-poison"), m => Assert.Equal(0, m.Value));
        Assert.Equal(["dossiers-deposes", "due-work", "notifications", "status-changes"], backlog.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(1, backlog["due-work"]);
        Assert.Contains(app.Logs.Lines, e => e.Level == LogLevel.Warning && e.Message.Contains("2 message(s) wait in notifications-poison", StringComparison.Ordinal));

        await poison.ClearMessagesAsync();
        await app.Services.GetRequiredService<QueueWatch>().WatchAsync(CancellationToken.None);
        listener.RecordObservableInstruments();
        Assert.Equal(0, measured["notifications-poison"]);
    }
}
