using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Retention;

/// <summary>Retention periods, section <c>PreDemande:Retention</c>; defaults from <c>infra/retention.json</c> (<see cref="RetentionPeriods"/>), which the templates read too.</summary>
public sealed class RetentionOptions : ICheckedSettings
{
    public const string Section = "PreDemande:Retention";

    /// <summary>An expired, unused pre-application is purged this long after its expiry.</summary>
    public TimeSpan UnusedGrace { get; set; } = RetentionPeriods.UnusedGrace;

    /// <summary>The personal data of a lodged application is purged this long after it was handed over, destroyed or refused.</summary>
    public TimeSpan LodgedRetention { get; set; } = RetentionPeriods.LodgedRetention;

    /// <summary>When a purge meets blobs still under their immutability policy, it tries again after this.</summary>
    public TimeSpan ImmutableRetryAfter { get; set; } = RetentionPeriods.ImmutableRetry;

    /// <summary>Due items one invocation of the due work does (audit rows: ten times as many); the rest goes on in the next.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Items of a batch worked at the same time (the host runs up to host.json's batchSize invocations side by side on an instance).</summary>
    public int ItemConcurrency { get; set; } = 8;

    public IReadOnlyList<string> Problems() =>
    [
        .. CheckedSettingsRegistration.Within($"{Section}:UnusedGrace", UnusedGrace, TimeSpan.Zero, TimeSpan.FromDays(366)),
        .. CheckedSettingsRegistration.Within($"{Section}:LodgedRetention", LodgedRetention, TimeSpan.FromDays(1), TimeSpan.FromDays(10 * 366)),
        .. CheckedSettingsRegistration.Within($"{Section}:ImmutableRetryAfter", ImmutableRetryAfter, TimeSpan.FromHours(1), TimeSpan.FromDays(366)),
        .. CheckedSettingsRegistration.Within($"{Section}:BatchSize", BatchSize, 1, 1000),
        .. CheckedSettingsRegistration.Within($"{Section}:ItemConcurrency", ItemConcurrency, 1, 64),
    ];
}
