using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using PreDemande.Functions.Scheduling;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Submission;

/// <summary>
/// <c>Idempotency-Key</c> reservations, table <c>idempotency</c>. A reservation fixes the number
/// and the creation instant before anything else is written, so a retry after a crash completes
/// the same pre-application. A key holds for <see cref="Lifetime"/>: a reservation lives in the
/// partition <c>{day}|{client}|{xx}</c> of its day (<c>xx</c>: the first two hex digits of the
/// key's SHA-256, 256 partitions per client and day), a request looks in yesterday's partition
/// before it reserves in today's, and each partition is removed two days on (due task
/// <see cref="DueTask.Idempotency"/>, batches of 100 rows).
/// </summary>
public sealed class IdempotencyStore(StorageClients storage, DueDates due)
{
    /// <summary>How long an Idempotency-Key answers with the same pre-application.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public sealed record Reservation(string Partition, string Number, DateTimeOffset CreatedAt, string BodySha256, ETag ETag);

    private TableClient Table => storage.Table(StorageNames.Tables.Idempotency);

    /// <summary>Reserves the key for this body, or returns the reservation an earlier request made within <see cref="Lifetime"/>.</summary>
    public async Task<Reservation> ReserveAsync(string clientId, string key, string bodySha256, string number, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var rowKey = RowKey(key);
        var today = DateOnly.FromDateTime(createdAt.UtcDateTime);
        var earlier = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(today.AddDays(-1), clientId, rowKey), rowKey, cancellationToken: cancellationToken);
        if (earlier.HasValue && earlier.Value is { } made && createdAt - made.GetDateTimeOffset("CreatedAt") < Lifetime)
        {
            return From(made);
        }

        var entity = new TableEntity(Partition(today, clientId, rowKey), rowKey)
        {
            ["Number"] = number,
            ["CreatedAt"] = createdAt,
            ["BodySha256"] = bodySha256,
        };
        try
        {
            var response = await Table.AddEntityAsync(entity, cancellationToken);
            await due.ScheduleOnceAsync(DueTask.Idempotency, today.AddDays(2).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), entity.PartitionKey, today, cancellationToken);
            return new Reservation(entity.PartitionKey, number, createdAt, bodySha256, response.Headers.ETag ?? ETag.All);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return From((await Table.GetEntityAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken)).Value);
        }
    }

    /// <summary>Points the reservation at another number (the first one was taken by another pre-application).</summary>
    public async Task<Reservation> ReassignAsync(string key, Reservation reservation, string number, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(reservation.Partition, RowKey(key))
        {
            ["Number"] = number,
            ["CreatedAt"] = reservation.CreatedAt,
            ["BodySha256"] = reservation.BodySha256,
        };
        var response = await Table.UpdateEntityAsync(entity, reservation.ETag, TableUpdateMode.Replace, cancellationToken);
        return reservation with { Number = number, ETag = response.Headers.ETag ?? ETag.All };
    }

    /// <summary>Removes at most <paramref name="max"/> reservations of one day's partition; <c>More</c> when some remain.</summary>
    public async Task<(int Removed, bool More)> RemoveAsync(string partition, int max, CancellationToken cancellationToken)
    {
        var rowKeys = (await TableBatches.FirstRowsAsync(storage, StorageNames.Tables.Idempotency, partition, "Number", max, cancellationToken)).Select(r => r.RowKey).ToArray();
        await TableBatches.DeleteAsync(Table, partition, rowKeys, cancellationToken);
        return (rowKeys.Length, rowKeys.Length == max);
    }

    /// <summary>Tag stored on the pre-application, to recognise it as the one of this reservation.</summary>
    public static string OwnerTag(string clientId, string key) => $"{clientId}:{RowKey(key)}";

    public static string Partition(DateOnly day, string clientId, string rowKey) =>
        $"{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}|{clientId}|{rowKey[..2]}";

    private static Reservation From(TableEntity entity) =>
        new(entity.PartitionKey, entity.GetString("Number"), entity.GetDateTimeOffset("CreatedAt")!.Value, entity.GetString("BodySha256"), entity.ETag);

    private static string RowKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
