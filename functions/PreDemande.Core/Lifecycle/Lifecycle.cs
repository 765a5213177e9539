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
}
