
using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Instruction;

/// <summary>
/// Settings of the instruction, section <c>PreDemande:Instruction</c>: where each département's
/// tasks go, and how long the préfecture's document URLs last.
/// </summary>
public sealed class InstructionOptions : ICheckedSettings
{
    public const string Section = "PreDemande:Instruction";

    /// <summary>Département (<c>33</c>, <c>2A</c>, <c>971</c>) → queue of the CERT that instructs it; several départements may share one.</summary>
    public Dictionary<string, string> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The queue of a département without a route; unset: <c>instruction-{département}</c>.</summary>
    public string? DefaultQueue { get; set; }

    /// <summary>How long a read-only document URL given to the préfecture stays valid.</summary>
    public TimeSpan ReadUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The queue a task of that département goes to (lower case, as queue names are).</summary>
    public string QueueFor(string departement)
    {
        var route = Routes.FirstOrDefault(r => r.Key.Equals(departement, StringComparison.OrdinalIgnoreCase)).Value;
        return (route ?? DefaultQueue ?? $"instruction-{departement}").ToLowerInvariant();
    }

    /// <summary>Every queue a task may go to, for these départements: each one's route, or the default, or its own queue.</summary>
    public IReadOnlyList<string> AllQueues(IEnumerable<string> departements) =>
        departements.Select(QueueFor).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>Every queue name the settings give must be a valid storage queue name.</summary>
    public IReadOnlyList<string> Problems() =>
        Routes.Values.Append(DefaultQueue).OfType<string>()
            .Where(q => !IsQueueName(q.ToLowerInvariant()))
            .Select(q => $"Instruction queue '{q}' is not a valid queue name (3 to 63 lower-case letters, digits and single hyphens).")
            .Concat(CheckedSettingsRegistration.Within($"{Section}:ReadUrlLifetime", ReadUrlLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromHours(4)))
            .ToArray();

    private static bool IsQueueName(string name) =>
        name.Length is >= 3 and <= 63
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
        && !name.Contains("--", StringComparison.Ordinal);
}
