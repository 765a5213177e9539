using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using PreDemande.Functions.Operations;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Operations;

public sealed class PoisonWatchFactory : PreDemandeFactory
{
    public CapturedLogs Logs { get; } = new();

    protected override bool RunsTriggers => false;

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
}

public sealed class PoisonWatchTests(PoisonWatchFactory app) : IClassFixture<PoisonWatchFactory>
{
    [Fact]
    public async Task The_watch_gauges_every_poison_queue_and_warns_while_one_is_not_empty()
    {
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        var measured = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "predemande.poison.messages" && instrument.Meter.Scope == meters)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => measured[(string)tags.ToArray().Single(t => t.Key == "queue").Value!] = value);
        listener.Start();
        var poison = app.Queues.GetQueueClient("notifications-poison");
        await poison.SendMessageAsync("one");
        await poison.SendMessageAsync("two");

        await app.Services.GetRequiredService<PoisonWatch>().WatchAsync(CancellationToken.None);
        listener.RecordObservableInstruments();

        Assert.Equal(PoisonWatch.PoisonQueues.Order(StringComparer.Ordinal), measured.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("webjobs-blobtrigger-poison", measured.Keys);
        Assert.Equal(2, measured["notifications-poison"]);
        Assert.All(measured.Where(m => m.Key != "notifications-poison"), m => Assert.Equal(0, m.Value));
        Assert.Contains(app.Logs.Lines, e => e.Level == LogLevel.Warning && e.Message.Contains("2 message(s) wait in notifications-poison", StringComparison.Ordinal));

        await poison.ClearMessagesAsync();
        await app.Services.GetRequiredService<PoisonWatch>().WatchAsync(CancellationToken.None);
        listener.RecordObservableInstruments();
        Assert.Equal(0, measured["notifications-poison"]);
    }
}
