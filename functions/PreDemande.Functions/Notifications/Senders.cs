namespace PreDemande.Functions.Notifications;

public sealed record SmsToSend(string To, string Text, string Tag, Guid RepeatabilityId, DateTimeOffset FirstSent);

public sealed record EmailAttachment(string Name, string ContentType, byte[] Content);

public sealed record EmailToSend(string To, string Subject, string Text, EmailAttachment? Attachment, Guid OperationId);

public abstract record SendResult
{
    /// <summary>Accepted (or already accepted: a repeat the service dropped).</summary>
    public sealed record Sent(string MessageId) : SendResult;

    /// <summary>Refused for this recipient or content: recorded as failed, never retried.</summary>
    public sealed record Rejected(string Reason) : SendResult;

    /// <summary>Too many requests: try again after <paramref name="RetryAfter"/>.</summary>
    public sealed record Throttled(TimeSpan RetryAfter) : SendResult;
}

/// <summary>Where notifications go: <see cref="OutboxOnlySender"/> (default) or <see cref="AcsSender"/>. Transient failures throw.</summary>
public interface INotificationSender
{
    string Name { get; }

    Task<SendResult> SendSmsAsync(SmsToSend sms, CancellationToken cancellationToken);

    Task<SendResult> SendEmailAsync(EmailToSend email, CancellationToken cancellationToken);
}

/// <summary>The local default: nothing leaves; the outbox row is the message, the log line names it by its id alone.</summary>
public sealed partial class OutboxOnlySender(ILogger<OutboxOnlySender> logger) : INotificationSender
{
    public string Name => NotificationOptions.OutboxSender;

    public Task<SendResult> SendSmsAsync(SmsToSend sms, CancellationToken cancellationToken)
    {
        var sent = new SendResult.Sent($"outbox-{sms.RepeatabilityId:N}");
        LogSms(logger, sent.MessageId, sms.Tag);
        return Task.FromResult<SendResult>(sent);
    }

    public Task<SendResult> SendEmailAsync(EmailToSend email, CancellationToken cancellationToken)
    {
        var sent = new SendResult.Sent($"outbox-{email.OperationId:N}");
        LogEmail(logger, sent.MessageId, email.Attachment?.Name ?? "-");
        return Task.FromResult<SendResult>(sent);
    }

    [LoggerMessage(EventId = 950, Level = LogLevel.Information, Message = "SMS {MessageId} written to the outbox (notification {Tag})")]
    private static partial void LogSms(ILogger logger, string messageId, string tag);

    [LoggerMessage(EventId = 951, Level = LogLevel.Information, Message = "E-mail {MessageId} written to the outbox (attachment {Attachment})")]
    private static partial void LogEmail(ILogger logger, string messageId, string attachment);
}
