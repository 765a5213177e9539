using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Lodging;

/// <summary>Settings of the lodging at the mairie, section <c>PreDemande:Lodging</c>.</summary>
public sealed class LodgingOptions : ICheckedSettings
{
    public const string Section = "PreDemande:Lodging";

    /// <summary>How long an upload URL handed out at deposit stays valid: the time of the appointment.</summary>
    public TimeSpan UploadUrlLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The largest scan accepted; a larger one is quarantined.</summary>
    public long MaxScanBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>A rejected upload is deleted this long after it was quarantined (default from infra/retention.json).</summary>
    public TimeSpan QuarantineRetention { get; set; } = PreApplications.RetentionPeriods.Quarantine;

    public IReadOnlyList<string> Problems() =>
    [
        .. CheckedSettingsRegistration.Within($"{Section}:UploadUrlLifetime", UploadUrlLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1)),
        // The host hands a blob's content to the app inside the invocation.
        .. CheckedSettingsRegistration.Within($"{Section}:MaxScanBytes", MaxScanBytes, 1024L, 100L * 1024 * 1024),
        .. CheckedSettingsRegistration.Within($"{Section}:QuarantineRetention", QuarantineRetention, TimeSpan.FromDays(1), TimeSpan.FromDays(366)),
    ];
}
