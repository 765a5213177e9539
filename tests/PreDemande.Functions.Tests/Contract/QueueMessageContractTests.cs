using System.Text;
using PreDemande.Functions.Tests.Infrastructure;
using PreDemande.Functions.Tests.Notifications;

namespace PreDemande.Functions.Tests.Contract;

/// <summary>
/// What the app puts on its queues, seen on the wire on the way to storage, against
/// docs/asyncapi.json: each queue a channel of the document, each message base64 of UTF-8 JSON
/// that matches its channel's schema.
/// </summary>
[Trait(Tier.Name, Tier.Http)]
public sealed class QueueMessageContractTests(QueueRecordingFactory app) : IClassFixture<QueueRecordingFactory>
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Fact]
    public async Task Every_message_sent_on_a_journey_and_by_the_timers_is_described_by_the_asyncapi_document()
    {
        // A journey to the counter and back, then, a year on, the timers' due work.
        var number = await app.LodgeAndReportAsync(null, "instructionStarted", "inProduction", "available", "handedOver");
        await app.FinalRowAsync(number, "titleAvailable");
        app.Clock.Advance(TimeSpan.FromDays(400));
        await app.InvokeTimerAsync("PurgeExpiredData");
        var sent = await Eventually.Async(() => Task.FromResult(app.Sent()), s => s.Any(m => m.Queue == "due-work"), TimeSpan.FromSeconds(30));

        var document = AsyncApi.Committed;
        var undescribed = sent.Select(m => m.Queue).Distinct().Where(q => document.ChannelOf(q) is null).ToArray();
        Assert.True(undescribed.Length == 0, $"The app sent to queues docs/asyncapi.json does not describe: {string.Join(", ", undescribed)}");
        var schemas = document.Addresses.Keys.ToDictionary(c => c, document.PayloadSchema);
        var failures = (
            from message in sent
            let json = StrictUtf8.GetString(Convert.FromBase64String(message.Text))
            from error in AsyncApi.Errors(schemas[document.ChannelOf(message.Queue)!], json)
            select $"{message.Queue} {json}\n  {error}").ToArray();
        Assert.True(failures.Length == 0, string.Join('\n', failures));

        // Every channel was exercised, each message kind of this journey seen.
        Assert.Equal(document.Addresses.Keys.Order(), sent.Select(m => document.ChannelOf(m.Queue)!).Distinct().Order());
        var ids = sent.Select(m => System.Text.Json.Nodes.JsonNode.Parse(Convert.FromBase64String(m.Text))!["id"]?.GetValue<string>()).OfType<string>().ToHashSet();
        Assert.Superset(
            new HashSet<string> { $"task-{number}", $"dossier-{number}", $"{number}:instructionStarted", $"{number}:handedOver", $"{number}:recapEmail", $"{number}:titleAvailable" },
            ids);
    }
}
