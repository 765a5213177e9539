using Microsoft.Extensions.Options;
using PreDemande.Functions.Notifications;

namespace PreDemande.Functions.Drafts;

/// <summary>
/// The e-mail that warns an applicant, <see cref="DraftOptions.WarnBefore"/> before a draft's
/// erasure, when the draft gives an e-mail address (due work <see cref="Scheduling.DueTask.DraftWarning"/>,
/// handed on by the morning timer). Sent at most once per draft and expiry: the outbox row
/// (partition <c>draft-{id}</c>, kind <c>draftExpiry-{yyyyMMdd}</c>, address masked) is written
/// first; the text holds no personal data.
/// </summary>
public sealed partial class DraftWarnings(DraftStore drafts, Outbox outbox, INotificationSender sender, TimeProvider time, IOptions<DraftOptions> options, ILogger<DraftWarnings> logger)
{
    public static string OutboxPartition(string id) => $"draft-{id}";

    /// <summary>True when nothing is left to do for this marker.</summary>
    public async Task<bool> WarnAsync(string key, CancellationToken cancellationToken)
    {
        var (account, id) = DraftStore.Split(key);
        var now = time.GetUtcNow();
        if (await drafts.GetAsync(account, id, cancellationToken) is not { } draft
            || now < draft.ExpiresAt - options.Value.WarnBefore // saved again since: its own marker comes later
            || now >= draft.ExpiresAt
            || draft.Form.Contact?.Email is not { Length: > 0 } email)
        {
            return true;
        }

        var kind = $"draftExpiry-{draft.ExpiresAt.UtcDateTime:yyyyMMdd}";
        var partition = OutboxPartition(id);
        var text = "Bonjour,\n\n"
            + $"Le brouillon de pré-demande de passeport ou de carte nationale d'identité que vous avez enregistré le {Http.FrenchClock.DateOf(draft.SavedAt):dd/MM/yyyy} "
            + $"sera supprimé le {Http.FrenchClock.DateOf(draft.ExpiresAt):dd/MM/yyyy}. Pour le garder, reprenez-le sur le portail et enregistrez-le, ou déposez votre pré-demande.\n\n"
            + "Ce message est envoyé automatiquement, merci de ne pas y répondre.";
        const string subject = "Votre brouillon de pré-demande va être supprimé";
        var row = await outbox.GetAsync(partition, kind, cancellationToken);
        if (row is null)
        {
            row = new OutboxRow(partition, kind, "email", NotificationKinds.Mask(Channel.Email, email), $"{subject}\n\n{text}", OutboxRow.Pending)
            {
                RepeatabilityId = Notifier.RepeatabilityId($"{partition}:{kind}"),
                FirstSentAt = now,
                Sender = sender.Name,
            };
            if (!await outbox.TryAddAsync(row, cancellationToken))
            {
                row = await outbox.GetAsync(partition, kind, cancellationToken) ?? throw new InvalidOperationException("The outbox row vanished.");
            }
        }

        if (row.IsFinal)
        {
            return true;
        }

        row = await sender.SendEmailAsync(new EmailToSend(email, subject, text, null, row.RepeatabilityId), cancellationToken) switch
        {
            SendResult.Sent sent => row with { Status = OutboxRow.Sent, MessageId = sent.MessageId, SentAt = time.GetUtcNow() },
            SendResult.Rejected rejected => row with { Status = OutboxRow.Failed, Reason = rejected.Reason },
            SendResult.Throttled throttled => throw new InvalidOperationException($"ACS throttles: retry after {throttled.RetryAfter.TotalSeconds:F0} s."),
            _ => throw new InvalidOperationException("Unknown send result"),
        };
        // The row is gone if the draft was deleted meanwhile: nothing is added back.
        LogWarned(logger, id, await outbox.TryUpdateAsync(row, cancellationToken) ? row.Status : "deleted meanwhile");
        return true;
    }

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Draft {Id}: expiry warning {Status}")]
    private static partial void LogWarned(ILogger logger, string id, string status);
}
