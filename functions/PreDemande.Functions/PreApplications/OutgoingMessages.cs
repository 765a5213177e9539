using Microsoft.Extensions.Options;

using PreDemande.Functions.Settings;

namespace PreDemande.Functions.PreApplications;

public sealed class OutgoingMessagesOptions : ICheckedSettings
{
    public const string Section = "PreDemande:Messages";

    /// <summary>After this, another run may send a message whose sender seems to have died.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> Problems() =>
        [.. CheckedSettingsRegistration.Within($"{Section}:ClaimTimeout", ClaimTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1))];
}

public enum SendOutcome
{
    Sent,
    AlreadySent,

    /// <summary>Another run claimed it less than <see cref="OutgoingMessagesOptions.ClaimTimeout"/> ago and may be sending it.</summary>
    InProgress,
}

/// <summary>
/// Messages the app sends once per pre-application, by stable id (the dossier message, the
/// instruction task, each status change), the one send-once mechanism of the app: the sending is claimed on the entity in a conditional update (of two runs,
/// one sends), then the message is sent, then marked sent. A run that finds it marked does
/// nothing. A queue and a table cannot be written in one transaction: if a run dies between the
/// send and the mark, a later run sends again once the claim has timed out, with the same id, so
/// the consumer drops the repeat (docs/decisions/0002).
/// </summary>
public sealed partial class OutgoingMessages(PreApplicationStore store, MessageQueues queues, TimeProvider time, IOptions<OutgoingMessagesOptions> options, ILogger<OutgoingMessages> logger)
{
    public async Task<SendOutcome> SendOnceAsync(PreApplicationRecord known, string id, string queue, BinaryData body, CancellationToken cancellationToken)
    {
        string? claim = null;
        var inProgress = false;
        var record = await store.ChangeAsync(known.Number, known, current =>
        {
            (claim, inProgress) = (null, false);
            var now = time.GetUtcNow();
            var dispatch = current.Dispatches.GetValueOrDefault(id);
            if (dispatch?.SentAt is not null)
            {
                return null;
            }

            if (dispatch is not null && now - dispatch.ClaimedAt < options.Value.ClaimTimeout)
            {
                inProgress = true;
                return null;
            }

            claim = Guid.NewGuid().ToString("N");
            return new PreApplicationChange(Dispatches: With(current, id, new Dispatch(queue, claim, now, SentAt: null)));
        }, cancellationToken) ?? throw new InvalidOperationException($"Pre-application {known.Number} vanished while a message was being sent.");

        if (claim is null)
        {
            return inProgress ? SendOutcome.InProgress : SendOutcome.AlreadySent;
        }

        await queues.SendAsync(queue, body, cancellationToken);
        await store.ChangeAsync(record.Number, record, current =>
            current.Dispatches.GetValueOrDefault(id) is { SentAt: null } sending
                ? new PreApplicationChange(Dispatches: With(current, id, sending with { SentAt = time.GetUtcNow() }))
                : null,
            cancellationToken);
        LogSent(logger, id, queue);
        return SendOutcome.Sent;
    }

    private static Dictionary<string, Dispatch> With(PreApplicationRecord record, string id, Dispatch dispatch) =>
        new(record.Dispatches, StringComparer.Ordinal) { [id] = dispatch };

    [LoggerMessage(EventId = 850, Level = LogLevel.Information, Message = "Message {MessageId} sent to {Queue}")]
    private static partial void LogSent(ILogger logger, string messageId, string queue);
}
