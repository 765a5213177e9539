using System.Text.Json.Serialization;
using PreDemande.Core.Lifecycle;
using PreDemande.Functions.Hosting;
using PreDemande.Functions.Storage;

namespace PreDemande.Functions.PreApplications;

/// <summary>Something that happened to a pre-application, told to the features that react to it.</summary>
/// <param name="ExpiresAt">The end of its validity, for <see cref="LifecycleEvent.RecapRendered"/>.</param>
public sealed record LifecycleNotice(string Number, LifecycleEvent Event, DateTimeOffset At, DateTimeOffset? ExpiresAt = null);

/// <summary>
/// A feature's reaction to what happens to a pre-application (Notifications: tell the applicant;
/// Retention: schedule the purge). The feature where it happens publishes it
/// (<see cref="LifecycleReactions"/>) without knowing who reacts: features depend on this folder,
/// not on each other. A reaction is idempotent: a notice may be told again after a crash.
/// </summary>
public interface ILifecycleReaction
{
    Task ReactAsync(LifecycleNotice notice, CancellationToken cancellationToken);
}

/// <summary>Tells every registered reaction, one after the other; a failure fails the invocation, whose retry tells them all again.</summary>
public sealed class LifecycleReactions(IEnumerable<ILifecycleReaction> reactions)
{
    public async Task PublishAsync(LifecycleNotice notice, CancellationToken cancellationToken)
    {
        foreach (var reaction in reactions)
        {
            await reaction.ReactAsync(notice, cancellationToken);
        }
    }
}

/// <summary>One accepted progress event of the instruction, on queue <c>status-changes</c>; <c>id</c> = <c>{number}:{type}</c>.</summary>
public sealed record StatusChangeMessage(string Id, string Number, LifecycleEvent? Type, DateTimeOffset At, MairieRef Mairie)
{
    /// <summary>The trace this message belongs to (see <see cref="Telemetry.TraceContext"/>).</summary>
    [JsonPropertyName("traceparent")]
    public string? TraceParent { get; init; }
}

/// <summary>A mairie as messages and views name it: its INSEE code and its commune's name.</summary>
public sealed record MairieRef(string Code, string Name)
{
    /// <summary>The mairie where the application was lodged.</summary>
    public static MairieRef Of(LodgingState lodging) => new(lodging.Mairie, Core.Geography.Departements.CommuneName(lodging.Mairie));
}

/// <summary>Reads <c>status-changes</c> (queue trigger <c>RouteStatusChange</c>) and tells the reactions.</summary>
public sealed class StatusChangeRouter(LifecycleReactions reactions)
{
    public static readonly FunctionDeclaration Route = FunctionDeclaration.Queue("RouteStatusChange", StorageNames.Queues.StatusChanges);

    public async Task RouteAsync(string json, CancellationToken cancellationToken)
    {
        var change = System.Text.Json.JsonSerializer.Deserialize(json, AppJsonContext.Default.StatusChangeMessage)
            ?? throw new InvalidInvocationException("the status change is null");
        if (change.Number is null || change.Type is not { } type || !Lifecycle.InstructionEvents.Contains(type))
        {
            throw new InvalidInvocationException("not a status change message");
        }

        await reactions.PublishAsync(new LifecycleNotice(change.Number, type, change.At), cancellationToken);
    }
}
