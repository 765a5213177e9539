using System.Text.Json;
using System.Text.Json.Serialization;

namespace PreDemande.Core.Lifecycle;

/// <summary>What happens to a pre-application; each event leads to one status (<see cref="Lifecycle.StatusAfter"/>). On the wire and in storage, its camelCase name.</summary>
[JsonConverter(typeof(EventJsonConverter))]
public enum LifecycleEvent
{
    /// <summary>The recap PDF is stored (blob trigger).</summary>
    RecapRendered,

    /// <summary>A mairie lodged the application (deposit).</summary>
    Lodged,

    /// <summary>Reported by the préfecture (the six <see cref="Lifecycle.InstructionEvents"/>).</summary>
    InstructionStarted,
    Refused,
    InProduction,
    Available,
    HandedOver,
    Destroyed,

    /// <summary>The validity ran out while unused.</summary>
    Expired,

    /// <summary>Retention passed: the personal data is deleted.</summary>
    Purged,
}

/// <summary>Writes and reads an event as its camelCase name.</summary>
public sealed class EventJsonConverter() : JsonStringEnumConverter<LifecycleEvent>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);

/// <summary>
/// The lifecycle in one place: which events may follow which status, and the status each leads
/// to. Every switch here is exhaustive without a default arm: a new status or event is a build
/// error until each mapping of the app says what it means.
/// <code>
/// submitted ─RecapRendered→ recapReady ─Lodged→ consumed ─InstructionStarted→ underInstruction
///   underInstruction ─Refused→ refused | ─InProduction→ inProduction ─Available→ available
///   available ─HandedOver→ handedOver | ─Destroyed→ destroyed
/// submitted, recapReady ─Expired→ expired;   unused, expired, refused, handedOver, destroyed ─Purged→ purged
/// </code>
/// </summary>
public static class Lifecycle
{
    /// <summary>The events the instructing service (CERT) reports, in the order of the lifecycle.</summary>
    public static IReadOnlyList<LifecycleEvent> InstructionEvents { get; } =
    [
        LifecycleEvent.InstructionStarted, LifecycleEvent.Refused, LifecycleEvent.InProduction,
        LifecycleEvent.Available, LifecycleEvent.HandedOver, LifecycleEvent.Destroyed,
    ];

    /// <summary>The status an event leads to, whatever it came from.</summary>
    public static PreApplicationStatus StatusAfter(LifecycleEvent happened) => happened switch
    {
        LifecycleEvent.RecapRendered => PreApplicationStatus.RecapReady,
        LifecycleEvent.Lodged => PreApplicationStatus.Consumed,
        LifecycleEvent.InstructionStarted => PreApplicationStatus.UnderInstruction,
        LifecycleEvent.Refused => PreApplicationStatus.Refused,
        LifecycleEvent.InProduction => PreApplicationStatus.InProduction,
        LifecycleEvent.Available => PreApplicationStatus.Available,
        LifecycleEvent.HandedOver => PreApplicationStatus.HandedOver,
        LifecycleEvent.Destroyed => PreApplicationStatus.Destroyed,
        LifecycleEvent.Expired => PreApplicationStatus.Expired,
        LifecycleEvent.Purged => PreApplicationStatus.Purged,
    };

    /// <summary>The events that may happen to a pre-application in this status.</summary>
    public static IReadOnlyList<LifecycleEvent> EventsFrom(PreApplicationStatus status) => status switch
    {
        PreApplicationStatus.Submitted => [LifecycleEvent.RecapRendered, LifecycleEvent.Lodged, LifecycleEvent.Expired, LifecycleEvent.Purged],
        PreApplicationStatus.RecapReady => [LifecycleEvent.Lodged, LifecycleEvent.Expired, LifecycleEvent.Purged],
        PreApplicationStatus.Consumed => [LifecycleEvent.InstructionStarted],
        PreApplicationStatus.UnderInstruction => [LifecycleEvent.Refused, LifecycleEvent.InProduction],
        PreApplicationStatus.InProduction => [LifecycleEvent.Available],
        PreApplicationStatus.Available => [LifecycleEvent.HandedOver, LifecycleEvent.Destroyed],
        PreApplicationStatus.HandedOver or PreApplicationStatus.Refused or PreApplicationStatus.Destroyed or PreApplicationStatus.Expired => [LifecycleEvent.Purged],
        PreApplicationStatus.Purged => [],
    };

    /// <summary>True when <paramref name="happened"/> may follow <paramref name="status"/>.</summary>
    public static bool Allows(PreApplicationStatus status, LifecycleEvent happened) => EventsFrom(status).Contains(happened);

    /// <summary>The instruction events that may follow the status (for the answer to one that does not).</summary>
    public static IReadOnlyList<LifecycleEvent> InstructionEventsFrom(PreApplicationStatus status) =>
        EventsFrom(status).Where(InstructionEvents.Contains).ToArray();

    /// <summary>A reason is required with this instruction event.</summary>
    public static bool NeedsReason(LifecycleEvent happened) => happened == LifecycleEvent.Refused;

    /// <summary>The camelCase name of an event, as the préfecture reports it and the status-change messages carry it.</summary>
    public static string Name(this LifecycleEvent happened) => happened switch
    {
        LifecycleEvent.RecapRendered => "recapRendered",
        LifecycleEvent.Lodged => "lodged",
        LifecycleEvent.InstructionStarted => "instructionStarted",
        LifecycleEvent.Refused => "refused",
        LifecycleEvent.InProduction => "inProduction",
        LifecycleEvent.Available => "available",
        LifecycleEvent.HandedOver => "handedOver",
        LifecycleEvent.Destroyed => "destroyed",
        LifecycleEvent.Expired => "expired",
        LifecycleEvent.Purged => "purged",
    };

    /// <summary>The instruction event of that name (one of <see cref="InstructionEvents"/>); false for any other text.</summary>
    public static bool TryParseInstructionEvent(string? name, out LifecycleEvent happened) =>
        Statuses.ByName(InstructionEvents, Name, name, out happened);

    /// <summary>The group of statuses this one belongs to.</summary>
    public static LifecyclePhase PhaseOf(PreApplicationStatus status) => status switch
    {
        PreApplicationStatus.Submitted or PreApplicationStatus.RecapReady => LifecyclePhase.AwaitingMairie,
        PreApplicationStatus.Consumed or PreApplicationStatus.UnderInstruction or PreApplicationStatus.InProduction
            or PreApplicationStatus.Available or PreApplicationStatus.HandedOver or PreApplicationStatus.Refused
            or PreApplicationStatus.Destroyed => LifecyclePhase.Lodged,
        PreApplicationStatus.Expired => LifecyclePhase.Lapsed,
        PreApplicationStatus.Purged => LifecyclePhase.Purged,
    };

    /// <summary>
    /// The status at an instant: an unused pre-application is expired from its expiry date on.
    /// Nothing writes <c>expired</c> at that instant; every reader computes it.
    /// </summary>
    public static PreApplicationStatus StatusAt(PreApplicationStatus status, DateTimeOffset expiresAt, DateTimeOffset now) =>
        Allows(status, LifecycleEvent.Expired) && now >= expiresAt ? StatusAfter(LifecycleEvent.Expired) : status;

    /// <summary>Whether the applicant may still withdraw it (erase it): not once it was lodged at a mairie, nor once purged.</summary>
    public static bool Withdrawable(PreApplicationStatus status) => PhaseOf(status) switch
    {
        LifecyclePhase.AwaitingMairie or LifecyclePhase.Lapsed => true,
        LifecyclePhase.Lodged or LifecyclePhase.Purged => false,
    };

    /// <summary>
    /// When the personal data of a pre-application in this status may go: <paramref name="expiresAt"/>
    /// (the end of its validity) and <paramref name="endedAt"/> (the event that ended the
    /// application) are those of the pre-application, null when not known. Null while the
    /// application is still at work at the mairie or the préfecture.
    /// </summary>
    public static DateTimeOffset? PurgeDue(PreApplicationStatus status, DateTimeOffset? expiresAt, DateTimeOffset? endedAt, PurgeDelays delays) => status switch
    {
        // Never used: after its validity and a grace period.
        PreApplicationStatus.Submitted or PreApplicationStatus.RecapReady or PreApplicationStatus.Expired => expiresAt + delays.UnusedGrace,

        // Ended: the retention after the event that ended it.
        PreApplicationStatus.HandedOver or PreApplicationStatus.Refused or PreApplicationStatus.Destroyed => endedAt + delays.LodgedRetention,

        // At work at the mairie or the préfecture: not while it lasts.
        PreApplicationStatus.Consumed or PreApplicationStatus.UnderInstruction or PreApplicationStatus.InProduction
            or PreApplicationStatus.Available => null,

        // Its data is already gone; only what a crash left is deleted again.
        PreApplicationStatus.Purged => DateTimeOffset.MinValue,
    };

    /// <summary>
    /// When the purge falls due once <paramref name="happened"/> happened at <paramref name="at"/>:
    /// <see cref="PurgeDue"/> of the status it leads to, the event ending the application if it
    /// does. Null when the event leaves the date as it is.
    /// </summary>
    public static DateTimeOffset? PurgeDueAfter(LifecycleEvent happened, DateTimeOffset at, DateTimeOffset? expiresAt, PurgeDelays delays) => happened switch
    {
        LifecycleEvent.RecapRendered or LifecycleEvent.Lodged or LifecycleEvent.InstructionStarted or LifecycleEvent.Refused
            or LifecycleEvent.InProduction or LifecycleEvent.Available or LifecycleEvent.HandedOver or LifecycleEvent.Destroyed =>
            PurgeDue(StatusAfter(happened), expiresAt, endedAt: at, delays),

        // The date was set when the recap was ready (the end of the validity is known from then on).
        LifecycleEvent.Expired => null,

        // Nothing is left to purge.
        LifecycleEvent.Purged => null,
    };
}
