namespace PreDemande.Core.Lifecycle;

/// <summary>
/// Where a pre-application stands, as access, booking and retention see it
/// (<see cref="Lifecycle.PhaseOf"/>): a name for each group of statuses that the app treats alike.
/// </summary>
public enum LifecyclePhase
{
    /// <summary>Submitted or recap ready: any mairie may lodge it until its expiry date.</summary>
    AwaitingMairie,

    /// <summary>Lodged at a mairie: consumed, and every status the préfecture reports after it.</summary>
    Lodged,

    /// <summary>Expired: its validity ran out while it was unused.</summary>
    Lapsed,

    /// <summary>Its personal data deleted; only the tombstone remains.</summary>
    Purged,
}

/// <summary>How long the personal data is kept: after the validity of an unused pre-application, after the end of a lodged one.</summary>
public readonly record struct PurgeDelays(TimeSpan UnusedGrace, TimeSpan LodgedRetention);
