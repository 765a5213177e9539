using PreDemande.Core.Forms;

namespace PreDemande.Core.Instruction;

/// <summary>
/// The progress the instructing service (CERT) reports, and the status each one leads to:
/// <c>consumed → instructionStarted → (refused | inProduction)</c>, <c>inProduction → available</c>,
/// <c>available → handedOver | destroyed</c> (a title not collected within 3 months is destroyed).
/// </summary>
public static class InstructionEvents
{
    public const string InstructionStarted = "instructionStarted";
    public const string Refused = "refused";
    public const string InProduction = "inProduction";
    public const string Available = "available";
    public const string HandedOver = "handedOver";
    public const string Destroyed = "destroyed";

    public static readonly IReadOnlyList<string> All = [InstructionStarted, Refused, InProduction, Available, HandedOver, Destroyed];

    /// <summary>The status an event leads to.</summary>
    public static string StatusAfter(string type) => type switch
    {
        InstructionStarted => PreApplicationStatus.UnderInstruction,
        Refused => PreApplicationStatus.Refused,
        InProduction => PreApplicationStatus.InProduction,
        Available => PreApplicationStatus.Available,
        HandedOver => PreApplicationStatus.HandedOver,
        Destroyed => PreApplicationStatus.Destroyed,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown instruction event"),
    };

    /// <summary>True when the event may follow the current status.</summary>
    public static bool Follows(string currentStatus, string type) => (currentStatus, type) switch
    {
        (PreApplicationStatus.Consumed, InstructionStarted) => true,
        (PreApplicationStatus.UnderInstruction, Refused or InProduction) => true,
        (PreApplicationStatus.InProduction, Available) => true,
        (PreApplicationStatus.Available, HandedOver or Destroyed) => true,
        _ => false,
    };

    /// <summary>The events that may follow the current status (for the answer to an event that does not).</summary>
    public static IReadOnlyList<string> Next(string currentStatus) => All.Where(t => Follows(currentStatus, t)).ToArray();

    /// <summary>A reason is required to refuse.</summary>
    public static bool NeedsReason(string type) => type == Refused;
}
