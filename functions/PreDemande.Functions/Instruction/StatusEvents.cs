using System.Text.Json;
using PreDemande.Core.Forms;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Security;
using PreDemande.Functions.Storage;
using PreDemande.Core.Lifecycle;

namespace PreDemande.Functions.Instruction;

public abstract record EventOutcome(string Audit)
{
    public sealed record Refused(PrefectureAccess Access) : EventOutcome(Access.Outcome);

    public sealed record Invalid(Dictionary<string, string[]> Errors) : EventOutcome("invalid");

    /// <summary>The event does not follow from the current status.</summary>
    public sealed record Conflict(PreApplicationStatus Status, LifecycleEvent Type) : EventOutcome("conflict");

    /// <summary>Applied now, or (<paramref name="Applied"/> false) the same event seen again: nothing changed.</summary>
    public sealed record Done(PreApplicationRecord Record, bool Applied) : EventOutcome(Applied ? "applied" : "repeated");
}

/// <summary>
/// The progress the instructing service reports (api.md state machine, <see cref="Lifecycle.InstructionEvents"/>):
/// each accepted event changes the status and joins the history in one conditional update, then
/// one <c>status-changes</c> message with the stable id <c>{number}:{type}</c> is sent once. The
/// same event again (same type, or same <c>eventId</c>) changes nothing and completes that
/// message if a crash had left it unsent.
/// </summary>
public sealed partial class StatusEvents(PreApplicationStore store, OutgoingMessages outgoing, TimeProvider time, ILogger<StatusEvents> logger)
{
    public const int MaxReasonLength = 1000;
    public const int MaxEventIdLength = 100;

    public static string MessageId(string number, LifecycleEvent type) => $"{number}:{type.Name()}";

    public async Task<EventOutcome> RecordAsync(ClientIdentity client, string number, EventRequest request, CancellationToken cancellationToken)
    {
        if (Validate(request, out var type) is { Count: > 0 } errors)
        {
            return new EventOutcome.Invalid(errors);
        }

        EventOutcome? outcome = null;
        var record = await store.ChangeAsync(number, known: null, current =>
        {
            var access = PrefectureAccess.Check(current, client);
            if (!access.IsGranted)
            {
                outcome = new EventOutcome.Refused(access);
                return null;
            }

            if (current.History.Any(h => h.Type == type || (request.EventId is not null && h.EventId == request.EventId)))
            {
                outcome = new EventOutcome.Done(current, Applied: false);
                return null;
            }

            if (!Lifecycle.Allows(current.Status, type))
            {
                outcome = new EventOutcome.Conflict(current.Status, type);
                return null;
            }

            var status = Lifecycle.StatusAfter(type);
            var entry = new StatusEvent(type, status, time.GetUtcNow(), client.Id, string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(), request.EventId);
            outcome = new EventOutcome.Done(current, Applied: true);
            return new PreApplicationChange(Status: status, History: [.. current.History, entry]);
        }, cancellationToken);

        if (record is null)
        {
            return new EventOutcome.Refused(PrefectureAccess.Check(null, client));
        }

        if (outcome is not EventOutcome.Done done)
        {
            return outcome!;
        }

        // The message of the event this request stands for: its own, or the one it repeats.
        var happened = record.History.LastOrDefault(h => h.Type == type || (request.EventId is not null && h.EventId == request.EventId));
        if (happened is not null)
        {
            await SendAsync(record, happened, cancellationToken);
        }

        if (done.Applied)
        {
            LogApplied(logger, number, type, record.Status, client.Id);
        }

        return done with { Record = record };
    }

    private async Task SendAsync(PreApplicationRecord record, StatusEvent happened, CancellationToken cancellationToken)
    {
        var id = MessageId(record.Number, happened.Type);
        var message = new StatusChangeMessage(id, record.Number, happened.Type, happened.At, MairieRef.Of(record.Lodging!)) { TraceParent = Telemetry.TraceContext.Current };
        var body = new BinaryData(JsonSerializer.SerializeToUtf8Bytes(message, AppJsonContext.Default.StatusChangeMessage));
        await outgoing.SendOnceAsync(record, id, StorageNames.Queues.StatusChanges, body, cancellationToken);
    }

    private static Dictionary<string, string[]> Validate(EventRequest request, out LifecycleEvent type)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        type = default;
        if (string.IsNullOrWhiteSpace(request.Type))
        {
            errors["type"] = [FieldRules.Required];
        }
        else if (!Lifecycle.TryParseInstructionEvent(request.Type, out type))
        {
            errors["type"] = [$"Valeurs admises : {string.Join(", ", Lifecycle.InstructionEvents.Select(e => e.Name()))}."];
        }
        else if (Lifecycle.NeedsReason(type) && string.IsNullOrWhiteSpace(request.Reason))
        {
            errors["reason"] = ["Le motif du refus est obligatoire."];
        }

        if (request.Reason is { Length: > MaxReasonLength })
        {
            errors["reason"] = [$"Au plus {MaxReasonLength} caractères."];
        }

        if (request.EventId is { } eventId && (eventId.Length is 0 or > MaxEventIdLength || eventId.Any(c => c is < ' ' or > '~')))
        {
            errors["eventId"] = [$"De 1 à {MaxEventIdLength} caractères ASCII imprimables."];
        }

        return errors;
    }

    [LoggerMessage(EventId = 910, Level = LogLevel.Information, Message = "Pre-application {Number}: {Type} reported by {ClientId}, now {Status}")]
    private static partial void LogApplied(ILogger logger, string number, LifecycleEvent type, PreApplicationStatus status, string clientId);
}
