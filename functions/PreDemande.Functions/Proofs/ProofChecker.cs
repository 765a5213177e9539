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

    public async Task<ProofCheck> CheckAsync(string number, byte[] content, PreApplicationForm form, DateOnly lodgingDay, CancellationToken cancellationToken)
    {
        var trusted = await trust.GetAsync(cancellationToken);
        ScanCodes scan;
        try
        {
            scan = ScanCodeReader.Read(content, options.Value.Limits);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            // An archived scan the decoders choke on (the same bytes fail the same way on every
            // replay) is recorded as unreadable, not retried into the poison queue: the archive
            // and the dossier go on, and the agent checks the document by eye.
            LogUnreadable(logger, number, exception.GetType().Name);
            scan = new ScanCodes(ScanReading.Unreadable, []);
        }

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

    [LoggerMessage(EventId = 1521, Level = LogLevel.Warning, Message = "Proof of {Number} could not be decoded ({Exception}); recorded as unreadable")]
    private static partial void LogUnreadable(ILogger logger, string number, string exception);

    [LoggerMessage(EventId = 1520, Level = LogLevel.Information, Message = "Proof {Kind} of {Number} checked: {Summary}")]
    private static partial void LogChecked(ILogger logger, string number, string kind, ProofSummary summary);
}
