using System.Text.Json;
using System.Text.Json.Serialization;
using PreDemande.Core.Forms;

namespace PreDemande.Core.Proofs;

/// <summary>What the check of a proof of address says, in one word: the only part that leaves the record (instruction task, metrics).</summary>
[JsonConverter(typeof(ProofSummaryJsonConverter))]
public enum ProofSummary
{
    /// <summary>A valid signature of a trusted production certificate, and every field present on both sides matches.</summary>
    Verified,

    /// <summary>A valid signature, and at least one field differs from the form.</summary>
    Mismatch,

    /// <summary>A 2D-Doc was found, but its signature is not valid (changed, unknown or expired certificate, test ids), it could not be read, or it is not a proof of address.</summary>
    Unverified,

    /// <summary>No 2D-Doc in the scan: the agent checks the document by eye, as before.</summary>
    None,
}

/// <summary>Writes and reads a proof summary as its camelCase name.</summary>
public sealed class ProofSummaryJsonConverter() : JsonStringEnumConverter<ProofSummary>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);

/// <summary>Whose name the proof was compared with.</summary>
[JsonConverter(typeof(ComparedHolderJsonConverter))]
public enum ComparedHolder
{
    /// <summary>The applicant (an adult).</summary>
    Applicant,

    /// <summary>The legal representative the form names (a minor).</summary>
    LegalRepresentative,

    /// <summary>A minor's form without a representative's name: the surname may be either parent's.</summary>
    Parent,
}

/// <summary>Writes and reads a compared holder as its camelCase name.</summary>
public sealed class ComparedHolderJsonConverter() : JsonStringEnumConverter<ComparedHolder>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);

/// <summary>The certification authority and certificate a code names.</summary>
public sealed record ProofIssuer(string CaId, string CertificateId);

/// <summary>
/// The outcome of checking one archived proof of address, stored with the archived scan: what
/// reading the scan gave, the summary, and for the 2D-Doc kept (the best of the scan's codes) its
/// type, issuer, dates, signature status and each compared field. Computed from the scan's bytes,
/// the trust material and the form alone: a replay computes it again the same way.
/// </summary>
/// <param name="Reading">What reading the scan for codes gave (<c>found</c> even when the codes found are not 2D-Docs).</param>
/// <param name="Summary">The one-word outcome.</param>
public sealed record ProofCheck(ScanReading Reading, ProofSummary Summary)
{
    /// <summary>A 2D-Doc that could not be read: why (<see cref="TwoDDocErrorKind"/>, camelCase).</summary>
    public string? Unreadable { get; init; }

    /// <summary>The document type (00 proof of address, 01 bill, 02 taxe d'habitation, or another type).</summary>
    public string? DocumentType { get; init; }

    public ProofIssuer? Issuer { get; init; }

    /// <summary>The document's date; null when undated.</summary>
    public DateOnly? IssueDate { get; init; }

    public SignatureStatus? Signature { get; init; }

    /// <summary>Each compared field; null when the code is not a proof of address.</summary>
    public ProofComparison? Fields { get; init; }

    /// <summary>Whose name the fields were compared with.</summary>
    public ComparedHolder? ComparedWith { get; init; }

    /// <summary>The document's date is more than one year before the lodging; null when the code is undated.</summary>
    public bool? OlderThanOneYear { get; init; }

    /// <summary>A scan in which no 2D-Doc was found (or which could not be read: <paramref name="reading"/> says why).</summary>
    public static ProofCheck NoCode(ScanReading reading) => new(reading, ProofSummary.None);
}

/// <summary>
/// Checks the codes read in a scan of a proof of address: parses each, verifies the 2D-Docs,
/// compares the proofs of address with the form, and keeps the best outcome (verified, then
/// mismatch, then unverified). Codes that are not 2D-Docs are ignored.
/// </summary>
public static class ProofChecks
{
    public static ProofCheck Check(ScanReading reading, IEnumerable<byte[]> codes, ITrustedCertificates trust, bool allowTestIds, PreApplicationForm form, DateOnly lodgingDay)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(form);
        ProofCheck? best = null;
        foreach (var raw in codes)
        {
            var check = CheckCode(reading, raw, trust, allowTestIds, form, lodgingDay);
            if (check is not null && (best is null || Rank(check.Summary) < Rank(best.Summary)))
            {
                best = check;
            }
        }

        return best ?? ProofCheck.NoCode(reading);
    }

    /// <summary>The person whose name a proof should carry, with the form's address: the applicant, or for a minor the legal representative (else either parent's surname).</summary>
    public static IReadOnlyList<(ComparedHolder Whose, DeclaredHolder Holder)> Holders(PreApplicationForm form, DateOnly lodgingDay)
    {
        ArgumentNullException.ThrowIfNull(form);
        var address = form.Address;
        DeclaredHolder With(string? surname, IReadOnlyList<string>? givenNames, string? usageName = null) =>
            new(surname, givenNames, address?.Line1, address?.Postcode, address?.City) { UsageName = usageName };

        if (form.ApplicantAgeOn(lodgingDay) is not < 18)
        {
            return [(ComparedHolder.Applicant, With(form.Applicant?.Surname, form.Applicant?.GivenNames, form.Applicant?.UsageName))];
        }

        if (form.LegalRepresentative is { Surname: { Length: > 0 } } representative)
        {
            return [(ComparedHolder.LegalRepresentative, With(representative.Surname, representative.GivenNames))];
        }

        return (form.Parents ?? [])
            .Where(parent => parent.Unknown != true && !string.IsNullOrWhiteSpace(parent.Surname))
            .Select(parent => (ComparedHolder.Parent, With(parent.Surname, parent.GivenNames)))
            .DefaultIfEmpty((ComparedHolder.Parent, With(null, null)))
            .ToArray();
    }

    private static ProofCheck? CheckCode(ScanReading reading, byte[] raw, ITrustedCertificates trust, bool allowTestIds, PreApplicationForm form, DateOnly lodgingDay)
    {
        if (!TwoDDoc.TryParse(raw, out var code, out var error))
        {
            return error.Kind is TwoDDocErrorKind.NotTwoDDoc or TwoDDocErrorKind.Empty
                ? null
                : new ProofCheck(reading, ProofSummary.Unverified) { Unreadable = JsonNamingPolicy.CamelCase.ConvertName(error.Kind.ToString()) };
        }

        var header = code.Header;
        var signature = TwoDDocVerifier.Verify(code, trust, allowTestIds);
        var check = new ProofCheck(reading, ProofSummary.Unverified)
        {
            DocumentType = header.DocumentType,
            Issuer = new ProofIssuer(header.CaId, header.CertificateId),
            IssueDate = header.IssueDate,
            Signature = signature,
            OlderThanOneYear = ProofAge.IsOlderThanOneYear(header, lodgingDay),
        };
        if (!header.IsProofOfAddress)
        {
            return check;
        }

        var proof = ProofOfAddress.From(code);
        var (whose, comparison) = Holders(form, lodgingDay)
            .Select(holder => (holder.Whose, Comparison: ProofComparer.Compare(proof, holder.Holder)))
            .OrderBy(compared => compared.Comparison.Surname switch { FieldMatch.Matches => 0, FieldMatch.Absent => 1, FieldMatch.Differs => 2 })
            .First();
        return check with
        {
            Fields = comparison,
            ComparedWith = whose,
            Summary = signature != SignatureStatus.Valid ? ProofSummary.Unverified
                : comparison.HasMismatch ? ProofSummary.Mismatch
                : ProofSummary.Verified,
        };
    }

    private static int Rank(ProofSummary summary) => summary switch
    {
        ProofSummary.Verified => 0,
        ProofSummary.Mismatch => 1,
        ProofSummary.Unverified => 2,
        ProofSummary.None => 3,
    };
}
