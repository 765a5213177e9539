using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Storage;
using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Services;

/// <summary>The one way the app puts a message on a queue, on Azurite.</summary>
[Trait(Tier.Name, Tier.Storage)]
public sealed class MessageQueuesTests(ServiceHarness services) : IClassFixture<ServiceHarness>
{
    [Fact]
    public async Task A_message_sent_to_a_queue_that_does_not_exist_yet_is_kept_with_no_expiry()
    {
        var queue = $"instruction-t{Guid.NewGuid():N}"[..40];

        await services.Get<MessageQueues>().SendAsync(queue, new BinaryData("{\"id\":\"m1\"}"u8.ToArray()), CancellationToken.None);

        var peeked = (await services.Get<StorageClients>().Queue(queue).PeekMessagesAsync(maxMessages: 2)).Value;
        var message = Assert.Single(peeked);
        Assert.Equal("{\"id\":\"m1\"}", message.Body.ToString());
        Assert.True(message.ExpiresOn > DateTimeOffset.UtcNow.AddYears(100), $"The message expires on {message.ExpiresOn:O}.");
    }
}
