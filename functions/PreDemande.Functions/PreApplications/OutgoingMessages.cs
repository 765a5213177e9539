using Microsoft.Extensions.Options;

using PreDemande.Functions.Settings;

namespace PreDemande.Functions.PreApplications;

public sealed class OutgoingMessagesOptions : ICheckedSettings
{
    public const string Section = "PreDemande:Messages";

    /// <summary>
    /// After this, another run may send a message whose sender seems to have died. A run that
    /// finds a claim waits for it inside its invocation, so this stays well under the host's
    /// functionTimeout (5 minutes): at most 2 minutes.
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> Problems() =>
        [.. CheckedSettingsRegistration.Within($"{Section}:ClaimTimeout", ClaimTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2))];
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
    /// <summary>How often a run that finds the message being sent by another looks again.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Sends the message unless it is sent. A run that finds another run's claim waits, looking
    /// again every <see cref="Recheck"/>, until the message is marked sent or the claim times out
    /// and this run takes it over: a sender that died between the send and the mark costs this
    /// invocation at most <see cref="OutgoingMessagesOptions.ClaimTimeout"/>, not its retries.
    /// </summary>
    public async Task<SendOutcome> SendOnceAsync(PreApplicationRecord known, string id, string queue, BinaryData body, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.Value.ClaimTimeout + Recheck;
        var record = known;
        while (true)
        {
            var (outcome, current, claimedAt) = await ClaimAsync(record, id, queue, cancellationToken);
            if (outcome != SendOutcome.InProgress)
            {
                return outcome == SendOutcome.Sent ? await SendClaimedAsync(current, id, queue, body, cancellationToken) : outcome;
            }

            var now = time.GetUtcNow();
            if (now >= deadline)
            {
                return SendOutcome.InProgress;
            }

            var expires = claimedAt + options.Value.ClaimTimeout;
            var pause = expires - now < Recheck ? expires - now : Recheck;
            LogWaiting(logger, id, queue);
            await Task.Delay(pause > TimeSpan.Zero ? pause : TimeSpan.FromMilliseconds(1), time, cancellationToken);
            record = current;
        }
    }

    // Claims the sending: Sent means this run holds the claim and must send.
    private async Task<(SendOutcome Outcome, PreApplicationRecord Record, DateTimeOffset ClaimedAt)> ClaimAsync(PreApplicationRecord known, string id, string queue, CancellationToken cancellationToken)
    {
        var outcome = SendOutcome.AlreadySent;
        var claimedAt = DateTimeOffset.MinValue;
        var record = await store.ChangeAsync(known.Number, known, current =>
        {
            var now = time.GetUtcNow();
            var dispatch = current.Dispatches.GetValueOrDefault(id);
            (outcome, claimedAt) = dispatch switch
            {
                { SentAt: not null } => (SendOutcome.AlreadySent, dispatch.ClaimedAt),
                not null when now - dispatch.ClaimedAt < options.Value.ClaimTimeout => (SendOutcome.InProgress, dispatch.ClaimedAt),
                _ => (SendOutcome.Sent, now),
            };
            return outcome == SendOutcome.Sent
                ? new PreApplicationChange(Dispatches: With(current, id, new Dispatch(queue, Guid.NewGuid().ToString("N"), now, SentAt: null)))
                : null;
        }, cancellationToken) ?? throw new InvalidOperationException($"Pre-application {known.Number} vanished while a message was being sent.");
        return (outcome, record, claimedAt);
    }

    private async Task<SendOutcome> SendClaimedAsync(PreApplicationRecord record, string id, string queue, BinaryData body, CancellationToken cancellationToken)
    {
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

    [LoggerMessage(EventId = 851, Level = LogLevel.Information, Message = "Message {MessageId} to {Queue} is being sent by another run: waiting until it is marked sent or its claim times out")]
    private static partial void LogWaiting(ILogger logger, string messageId, string queue);
}
