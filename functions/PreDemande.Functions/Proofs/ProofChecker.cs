using Microsoft.Extensions.Options;
using PreDemande.Core.Forms;
using PreDemande.Core.Proofs;
using PreDemande.Functions.Telemetry;

namespace PreDemande.Functions.Proofs;

/// <summary>
/// Checks a scanned proof of address: reads its DataMatrix codes (bounded by <see cref="ProofOptions"/>),
/// parses and verifies each 2D-Doc against the stored trust material, and compares it with the
/// form (<see cref="ProofChecks"/>). The outcome depends on the scan, the trust material and the
/// form only, so a replay of the scan path computes it again.
/// </summary>
public sealed partial class ProofChecker(TrustStore trust, IOptions<ProofOptions> options, ILogger<ProofChecker> logger)
{
    /// <summary>The document kind checked (see Core's RequiredDocuments).</summary>
    public const string DocumentKind = "proofOfAddress";

    public async Task<ProofCheck> CheckAsync(byte[] content, PreApplicationForm form, DateOnly lodgingDay, CancellationToken cancellationToken)
    {
        var trusted = await trust.GetAsync(cancellationToken);
        var scan = ScanCodeReader.Read(content, options.Value.Limits);
        return ProofChecks.Check(scan.Reading, scan.Codes, trusted, trust.AllowsTestIds, form, lodgingDay);
    }

    /// <summary>Counts and logs a check once it is recorded: number, kind and summary only.</summary>
    public void Recorded(string number, string kind, ProofCheck check)
    {
        AppMetrics.CountProofCheck(Name(check.Summary), Name(check.Reading));
        LogChecked(logger, number, kind, check.Summary);
    }

    public static string Name(ProofSummary summary) => summary switch
    {
        ProofSummary.Verified => "verified",
        ProofSummary.Mismatch => "mismatch",
        ProofSummary.Unverified => "unverified",
        ProofSummary.None => "none",
    };

    public static string Name(ScanReading reading) => reading switch
    {
        ScanReading.Found => "found",
        ScanReading.NoneFound => "noneFound",
        ScanReading.TooLarge => "tooLarge",
        ScanReading.TimedOut => "timedOut",
        ScanReading.Unreadable => "unreadable",
    };

    [LoggerMessage(EventId = 1520, Level = LogLevel.Information, Message = "Proof {Kind} of {Number} checked: {Summary}")]
    private static partial void LogChecked(ILogger logger, string number, string kind, ProofSummary summary);
}
