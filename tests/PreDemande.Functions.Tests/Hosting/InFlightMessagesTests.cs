using Azure.Core;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using PreDemande.Functions.Tests.Infrastructure;
using PreDemande.Functions.Tests.Storage;
using PreDemande.LocalHost;

namespace PreDemande.Functions.Tests.Hosting;

/// <summary>The stand-in host's record of the messages its job host holds, read from the clients' own traffic, on a real Azurite.</summary>
[Trait(Tier.Name, Tier.Storage)]
public sealed class InFlightMessagesTests(AzuriteOnly storage) : IClassFixture<AzuriteOnly>
{
    private HostStorage Host => new(storage.Azurite.ConnectionString);

    // A queue whose client's traffic the record reads, as the SDK's clients are read.
    private async Task<(InFlightMessages InFlight, QueueClient Queue)> RecordedQueueAsync(string name)
    {
        var inFlight = new InFlightMessages(NullLogger.Instance);
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        options.AddPolicy(inFlight, HttpPipelinePosition.PerCall);
        var queue = new QueueClient(storage.Azurite.ConnectionString, name, options);
        await queue.CreateIfNotExistsAsync();
        return (inFlight, queue);
    }

    [Fact]
    public async Task At_release_messages_held_are_made_visible_again_with_their_latest_pop_receipt_and_messages_handled_are_deleted()
    {
        var (inFlight, queue) = await RecordedQueueAsync("in-flight");
        foreach (var body in new[] { "deleted", "renewed", "held", "handled" })
        {
            await queue.SendMessageAsync(body);
        }

        await queue.PeekMessagesAsync(10); // a peek holds nothing
        Assert.Equal(0, inFlight.Count);
        var received = (await queue.ReceiveMessagesAsync(10, TimeSpan.FromMinutes(10))).Value.ToDictionary(m => m.Body.ToString());
        Assert.Equal(4, inFlight.Count);
        await queue.DeleteMessageAsync(received["deleted"].MessageId, received["deleted"].PopReceipt);
        await queue.UpdateMessageAsync(received["renewed"].MessageId, received["renewed"].PopReceipt, visibilityTimeout: TimeSpan.FromMinutes(10)); // a new pop receipt
        inFlight.Handled(received["handled"].MessageId); // the app answered 2xx, the SDK's delete did not happen
        Assert.Equal(3, inFlight.Count);

        await inFlight.ReleaseAsync(Host);

        Assert.Equal(0, inFlight.Count);
        var visible = (await Host.Queue("in-flight").PeekMessagesAsync(10)).Value.Select(m => m.Body.ToString()).Order().ToArray();
        Assert.Equal(["held", "renewed"], visible);
    }

    [Fact]
    public async Task A_held_message_whose_receipt_changed_unseen_is_sent_again_as_a_copy_of_its_text()
    {
        var (inFlight, queue) = await RecordedQueueAsync("in-flight-unseen");
        await queue.SendMessageAsync("{\"blob\":\"scans/A/photo\"}");
        var held = (await queue.ReceiveMessageAsync(TimeSpan.FromMinutes(10))).Value;
        // Received again behind the record's back (as a receive whose answer was lost): a new receipt it never saw.
        var outside = Host.Queue("in-flight-unseen");
        await outside.UpdateMessageAsync(held.MessageId, held.PopReceipt, visibilityTimeout: TimeSpan.FromMinutes(10));

        await inFlight.ReleaseAsync(Host);

        var visible = Assert.Single((await outside.PeekMessagesAsync(10)).Value);
        Assert.NotEqual(held.MessageId, visible.MessageId);
        Assert.Equal("{\"blob\":\"scans/A/photo\"}", visible.Body.ToString());
    }
}
