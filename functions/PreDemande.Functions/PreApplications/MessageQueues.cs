using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.PreApplications;

/// <summary>
/// The one way the app puts a message on a queue: JSON from the source-generated context, base64
/// as the host's queue trigger reads it (<see cref="StorageClients"/>), and a queue named by
/// settings that does not exist yet (a new CERT's <c>instruction-{dep}</c>) created on first use.
/// Messages carry numbers, ids and links, never personal data. What must be sent once per
/// pre-application goes through <see cref="OutgoingMessages"/>, which sends here. A message never
/// expires (the queue service's default is 7 days): a CERT that does not read its queue for a week
/// finds its tasks when it comes back.
/// </summary>
public sealed class MessageQueues(StorageClients storage)
{
    /// <summary>The time-to-live the queue service reads as "never expires".</summary>
    public static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    public Task SendAsync<T>(string queue, T message, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        SendAsync(queue, new BinaryData(JsonSerializer.SerializeToUtf8Bytes(message, type)), cancellationToken);

    public async Task SendAsync(string queue, BinaryData body, CancellationToken cancellationToken)
    {
        var client = storage.Queue(queue);
        try
        {
            await client.SendMessageAsync(body, visibilityTimeout: null, timeToLive: NeverExpires, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            await client.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await client.SendMessageAsync(body, visibilityTimeout: null, timeToLive: NeverExpires, cancellationToken);
        }
    }
}
