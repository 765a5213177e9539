using Azure;
using Azure.Data.Tables;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.Notifications;

/// <summary>One notification: where it went (masked), what it said, and how it ended.</summary>
public sealed record OutboxRow(string Number, string Kind, string Channel, string Recipient, string Text, string Status)
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Skipped = "skipped";

    public string? Reason { get; init; }

    public string? MessageId { get; init; }

    /// <summary>Derived from the notification id: the same on every attempt, so ACS drops a resend.</summary>
    public Guid RepeatabilityId { get; init; }

    public DateTimeOffset FirstSentAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public DateTimeOffset? ReportedAt { get; init; }

    public string Sender { get; init; } = string.Empty;

    public bool IsFinal => Status != Pending;
}

/// <summary>
/// Table <c>outbox</c>: one row per notification, PartitionKey = number, RowKey = kind, so a
/// notification is at most one row whatever the retries, and the rows of a number are one
/// partition. A second row, PartitionKey <c>msg|{messageId}</c>, leads a delivery report back
/// to its notification. No phone number or address is stored in clear.
/// </summary>
public sealed class Outbox(StorageClients storage)
{
    private TableClient Table => storage.Table(StorageNames.Tables.Outbox);

    public async Task<OutboxRow?> GetAsync(string number, string kind, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(number, kind, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity ? From(entity) : null;
    }

    /// <summary>Adds the row unless one is there; false when another run added it first.</summary>
    public async Task<bool> TryAddAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(ToEntity(row), cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Updates the row if it is still there; false when the purge removed it (never adds one back).</summary>
    public async Task<bool> TryUpdateAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(ToEntity(row), ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return false;
        }

        if (row.MessageId is { } messageId)
        {
            var index = new TableEntity(MessagePartition(messageId), "ref") { ["Number"] = row.Number, ["Kind"] = row.Kind };
            await Table.UpsertEntityAsync(index, TableUpdateMode.Replace, cancellationToken);
        }

        return true;
    }

    /// <summary>The notification a delivery report is about.</summary>
    public async Task<OutboxRow?> FindAsync(string messageId, CancellationToken cancellationToken)
    {
        var index = await Table.GetEntityIfExistsAsync<TableEntity>(MessagePartition(messageId), "ref", cancellationToken: cancellationToken);
        return index.HasValue && index.Value is { } entity
            ? await GetAsync(entity.GetString("Number"), entity.GetString("Kind"), cancellationToken)
            : null;
    }

    /// <summary>
    /// Every row of a number and their delivery indexes (retention): one query of the number's
    /// partition (at most one row per kind), the indexes, then the rows in one transaction.
    /// Replayable: the indexes go first, so a run cut short leaves none without its row.
    /// </summary>
    public async Task DeleteAsync(string number, CancellationToken cancellationToken)
    {
        var rows = await TableBatches.FirstRowsAsync(storage, StorageNames.Tables.Outbox, number, "MessageId", TableBatches.MaxRows, cancellationToken);
        await Task.WhenAll(rows.Where(r => r.Value is not null).Select(r =>
            Table.DeleteEntityAsync(MessagePartition(r.Value!), "ref", cancellationToken: cancellationToken)));
        await TableBatches.DeleteAsync(Table, number, rows.Select(r => r.RowKey).ToArray(), cancellationToken);
    }

    private static string MessagePartition(string messageId) => $"msg|{messageId}";

    private static TableEntity ToEntity(OutboxRow row) => new(row.Number, row.Kind)
    {
        ["Channel"] = row.Channel,
        ["Recipient"] = row.Recipient,
        ["Text"] = row.Text,
        ["Status"] = row.Status,
        ["Reason"] = row.Reason,
        ["MessageId"] = row.MessageId,
        ["RepeatabilityId"] = row.RepeatabilityId.ToString(),
        ["FirstSentAt"] = row.FirstSentAt,
        ["SentAt"] = row.SentAt,
        ["ReportedAt"] = row.ReportedAt,
        ["Sender"] = row.Sender,
    };

    private static OutboxRow From(TableEntity e) => new(e.PartitionKey, e.RowKey, e.GetString("Channel"), e.GetString("Recipient"), e.GetString("Text"), e.GetString("Status"))
    {
        Reason = e.GetString("Reason"),
        MessageId = e.GetString("MessageId"),
        RepeatabilityId = Guid.TryParse(e.GetString("RepeatabilityId"), out var id) ? id : Guid.Empty,
        FirstSentAt = e.GetDateTimeOffset("FirstSentAt") ?? DateTimeOffset.MinValue,
        SentAt = e.GetDateTimeOffset("SentAt"),
        ReportedAt = e.GetDateTimeOffset("ReportedAt"),
        Sender = e.GetString("Sender") ?? string.Empty,
    };
}
