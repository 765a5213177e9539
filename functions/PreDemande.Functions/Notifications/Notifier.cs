using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PreDemande.Core.Forms;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Recap;
using PreDemande.Core.Lifecycle;

namespace PreDemande.Functions.Notifications;

/// <summary>A request to notify the applicant, on queue <c>notifications</c>; <c>id</c> = <c>{number}:{kind}</c>.</summary>
public sealed record NotificationRequest(string Id, string Number, string Kind)
{
    /// <summary>The trace this request belongs to (see <see cref="Telemetry.TraceContext"/>).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("traceparent")]
    public string? TraceParent { get; init; }
}

/// <summary>
/// Sends each notification at most once per (number, kind): the outbox row is written before
/// sending (one row per notification id, whichever run adds it first), then the message is sent
/// and the row marked. A run that finds the row final does nothing; one that finds it pending (a
/// run died after sending) sends again with the same repeatability id and first-sent time, which
/// ACS drops as a repeat. A recipient ACS refuses is recorded as failed, not retried; 429 is
/// waited for (a short <c>Retry-After</c>) or left to the queue's retry.
/// </summary>
public sealed partial class Notifier(
    PreApplicationStore store,
    Outbox outbox,
    INotificationSender sender,
    RecapService recaps,
    TimeProvider time,
    IOptions<NotificationOptions> options,
    ILogger<Notifier> logger)
{
    private const int MaxThrottledAttempts = 3;

    public async Task NotifyAsync(string json, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize(json, AppJsonContext.Default.NotificationRequest)
            ?? throw new InvalidInvocationException("the notification request is null");
        if (request.Number is null || !NotificationKinds.All.Contains(request.Kind))
        {
            throw new InvalidInvocationException($"not a notification request (kind {request.Kind})");
        }

        System.Diagnostics.Activity.Current?.SetTag("predemande.number", request.Number);
        var record = await store.GetAsync(request.Number, cancellationToken)
            ?? throw new InvalidInvocationException($"no pre-application {request.Number}");
        if (record.Status == PreApplicationStatus.Purged)
        {
            LogPurged(logger, request.Number, request.Kind);
            return;
        }

        var composed = NotificationKinds.Compose(request.Kind, record);
        var row = await outbox.GetAsync(request.Number, request.Kind, cancellationToken);
        if (row is null)
        {
            row = new OutboxRow(
                request.Number,
                request.Kind,
                composed.Channel == Channel.Sms ? "sms" : "email",
                NotificationKinds.Mask(composed.Channel, composed.Recipient),
                composed.Subject is null ? composed.Text : $"{composed.Subject}\n\n{composed.Text}",
                composed.Skipped ? OutboxRow.Skipped : OutboxRow.Pending)
            {
                Reason = composed.SkipReason,
                RepeatabilityId = RepeatabilityId(NotificationKinds.Id(request.Number, request.Kind)),
                FirstSentAt = time.GetUtcNow(),
                Sender = sender.Name,
            };
            if (!await outbox.TryAddAsync(row, cancellationToken))
            {
                row = await outbox.GetAsync(request.Number, request.Kind, cancellationToken) ?? throw new InvalidOperationException("The outbox row vanished.");
            }
            else if (await PurgedMeanwhileAsync(request, cancellationToken))
            {
                return;
            }
        }

        if (row.IsFinal)
        {
            // A skip reason is one of ours (no-email, no-mobile, no-sms-consent); ACS's reasons may quote the recipient and stay in the row.
            LogFinal(logger, request.Number, request.Kind, row.Channel, row.Status, row.Status == OutboxRow.Skipped ? row.Reason ?? "-" : "-", row.MessageId ?? "-");
            return;
        }

        var result = await SendAsync(request, composed, row, cancellationToken);
        row = result switch
        {
            SendResult.Sent sent => row with { Status = OutboxRow.Sent, MessageId = sent.MessageId, SentAt = time.GetUtcNow() },
            SendResult.Rejected rejected => row with { Status = OutboxRow.Failed, Reason = rejected.Reason },
            SendResult.Throttled throttled => throw new InvalidOperationException($"ACS throttles: retry after {throttled.RetryAfter.TotalSeconds:F0} s."),
            _ => throw new InvalidOperationException("Unknown send result"),
        };
        if (!await outbox.TryUpdateAsync(row, cancellationToken))
        {
            LogPurged(logger, request.Number, request.Kind);
            return;
        }

        LogSent(logger, request.Number, request.Kind, row.Channel, row.Status, row.MessageId ?? "-");
        Telemetry.AppMetrics.CountNotification(request.Kind, row.Channel, row.Status);
    }

    /// <summary>
    /// The purge deletes the outbox rows after the tombstone: a row added after that deletion was
    /// added after the tombstone, so reading the record again finds it, and the row goes here.
    /// </summary>
    private async Task<bool> PurgedMeanwhileAsync(NotificationRequest request, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(request.Number, cancellationToken) is { Status: not PreApplicationStatus.Purged })
        {
            return false;
        }

        await outbox.DeleteAsync(request.Number, cancellationToken);
        LogPurged(logger, request.Number, request.Kind);
        return true;
    }

    private async Task<SendResult> SendAsync(NotificationRequest request, Composed composed, OutboxRow row, CancellationToken cancellationToken)
    {
        EmailAttachment? attachment = null;
        if (request.Kind == NotificationKinds.RecapEmail)
        {
            var pdf = (await recaps.RecapBlob(request.Number).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
            attachment = new EmailAttachment(RecapRenderer.FileName(request.Number), "application/pdf", pdf);
        }

        for (var attempt = 1; ; attempt++)
        {
            var result = composed.Channel == Channel.Sms
                ? await sender.SendSmsAsync(new SmsToSend(composed.Recipient!, composed.Text, request.Id, row.RepeatabilityId, row.FirstSentAt), cancellationToken)
                : await sender.SendEmailAsync(new EmailToSend(composed.Recipient!, composed.Subject!, composed.Text, attachment, row.RepeatabilityId), cancellationToken);
            if (result is not SendResult.Throttled throttled || throttled.RetryAfter > options.Value.MaxRetryAfterWait || attempt >= MaxThrottledAttempts)
            {
                return result;
            }

            LogThrottled(logger, request.Number, request.Kind, throttled.RetryAfter.TotalSeconds);
            await Task.Delay(throttled.RetryAfter, time, cancellationToken);
        }
    }

    /// <summary>A GUID derived from the notification id: the same on every attempt.</summary>
    public static Guid RepeatabilityId(string notificationId)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(notificationId)).AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50); // version 5 (name-based)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    // Ids only (the number, the kind, the channel, the message id): never the recipient, not even masked.
    [LoggerMessage(EventId = 960, Level = LogLevel.Information, Message = "Notification {Kind} of {Number} by {Channel}: {Status} (message {MessageId})")]
    private static partial void LogSent(ILogger logger, string number, string kind, string channel, string status, string messageId);

    [LoggerMessage(EventId = 961, Level = LogLevel.Information, Message = "Notification {Kind} of {Number} by {Channel} already {Status} ({Reason}, message {MessageId}); not sent again")]
    private static partial void LogFinal(ILogger logger, string number, string kind, string channel, string status, string reason, string messageId);

    [LoggerMessage(EventId = 962, Level = LogLevel.Warning, Message = "Notification {Kind} of {Number} throttled; retrying in {Seconds} s")]
    private static partial void LogThrottled(ILogger logger, string number, string kind, double seconds);

    [LoggerMessage(EventId = 963, Level = LogLevel.Information, Message = "Notification {Kind} of {Number} not sent: the pre-application was purged")]
    private static partial void LogPurged(ILogger logger, string number, string kind);
}
