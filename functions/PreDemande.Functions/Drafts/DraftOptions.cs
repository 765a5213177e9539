using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Drafts;

/// <summary>Drafts, section <c>PreDemande:Drafts</c>.</summary>
public sealed class DraftOptions : ICheckedSettings
{
    public const string Section = "PreDemande:Drafts";

    /// <summary>A draft is erased this long after its last save (ours, after Démarches simplifiées, which keeps drafts 3 months: ../shared/notes/domain.md).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>The e-mail warning goes this long before the erasure (ours).</summary>
    public TimeSpan WarnBefore { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Drafts an account may hold at once.</summary>
    public int MaxPerAccount { get; set; } = 20;

    public IReadOnlyList<string> Problems() =>
    [
        .. CheckedSettingsRegistration.Within($"{Section}:Lifetime", Lifetime, TimeSpan.FromDays(1), TimeSpan.FromDays(366)),
        .. CheckedSettingsRegistration.Within($"{Section}:MaxPerAccount", MaxPerAccount, 1, 100),
        .. (WarnBefore >= Lifetime ? [$"{Section}:WarnBefore ({WarnBefore}) must be shorter than {Section}:Lifetime ({Lifetime})."] : Array.Empty<string>()),
    ];
}
