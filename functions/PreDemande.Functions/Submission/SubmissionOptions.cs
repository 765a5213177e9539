using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Submission;

/// <summary>Settings of the submission endpoint, section <c>PreDemande:Submission</c>.</summary>
public sealed class SubmissionOptions : ICheckedSettings
{
    public const string Section = "PreDemande:Submission";

    /// <summary>How long a pre-application stays usable at a mairie (not published by ANTS: 12 months by decision).</summary>
    public int ValidityMonths { get; set; } = 12;

    /// <summary>Largest accepted form body; a full form is about 2 KB.</summary>
    public long MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Longest accepted Idempotency-Key.</summary>
    public int MaxIdempotencyKeyLength { get; set; } = 200;

    public IReadOnlyList<string> Problems() =>
    [
        .. CheckedSettingsRegistration.Within($"{Section}:ValidityMonths", ValidityMonths, 1, 24),
        .. CheckedSettingsRegistration.Within($"{Section}:MaxBodyBytes", MaxBodyBytes, 1024L, 1024L * 1024),
        .. CheckedSettingsRegistration.Within($"{Section}:MaxIdempotencyKeyLength", MaxIdempotencyKeyLength, 16, 1000),
    ];
}
