using PreDemande.Functions.Settings;

namespace PreDemande.Functions.Submission;

/// <summary>Settings of the submission endpoint, section <c>PreDemande:Submission</c>.</summary>
public sealed class SubmissionOptions : ICheckedSettings
{
    public const string Section = "PreDemande:Submission";

    /// <summary>
    /// How long a pre-application stays usable at a mairie: 6 months, as published ("la
    /// pré-demande doit être validée en mairie dans un délai de 6 mois", the Aude préfecture's
    /// CNI and passport page; docs/domain-sources.md).
    /// </summary>
    public int ValidityMonths { get; set; } = 6;

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
