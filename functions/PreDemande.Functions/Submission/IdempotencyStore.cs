using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Submission;

/// <summary>
/// <c>Idempotency-Key</c> reservations, table <c>idempotency</c>: PartitionKey = client id,
/// RowKey = SHA-256 of the key. A reservation fixes the number and the creation instant before
/// anything else is written, so a retry after a crash completes the same pre-application.
/// </summary>
public sealed class IdempotencyStore(StorageClients storage)
{
    public sealed record Reservation(string Number, DateTimeOffset CreatedAt, string BodySha256, ETag ETag);

    private TableClient Table => storage.Table(StorageNames.Tables.Idempotency);

    /// <summary>Reserves the key for this body, or returns the reservation an earlier request made.</summary>
    public async Task<Reservation> ReserveAsync(string clientId, string key, string bodySha256, string number, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(PartitionKey(clientId), RowKey(key))
        {
            ["Number"] = number,
            ["CreatedAt"] = createdAt,
            ["BodySha256"] = bodySha256,
        };
        try
        {
            var response = await Table.AddEntityAsync(entity, cancellationToken);
            return new Reservation(number, createdAt, bodySha256, response.Headers.ETag ?? ETag.All);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            var existing = (await Table.GetEntityAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken)).Value;
            return new Reservation(existing.GetString("Number"), existing.GetDateTimeOffset("CreatedAt")!.Value, existing.GetString("BodySha256"), existing.ETag);
        }
    }

    /// <summary>Points the reservation at another number (the first one was taken by another pre-application).</summary>
    public async Task<Reservation> ReassignAsync(string clientId, string key, Reservation reservation, string number, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(PartitionKey(clientId), RowKey(key))
        {
            ["Number"] = number,
            ["CreatedAt"] = reservation.CreatedAt,
            ["BodySha256"] = reservation.BodySha256,
        };
        var response = await Table.UpdateEntityAsync(entity, reservation.ETag, TableUpdateMode.Replace, cancellationToken);
        return reservation with { Number = number, ETag = response.Headers.ETag ?? ETag.All };
    }

    /// <summary>Tag stored on the pre-application, to recognise it as the one of this reservation.</summary>
    public static string OwnerTag(string clientId, string key) => $"{clientId}:{RowKey(key)}";

    private static string PartitionKey(string clientId) => clientId;

    private static string RowKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
