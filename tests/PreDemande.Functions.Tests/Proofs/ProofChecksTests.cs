using System.Security.Cryptography;
using PreDemande.Core.Forms;
using PreDemande.Core.Proofs;

using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Proofs;

/// <summary>The outcome of a proof's check from the codes read, the trust material and the form, without storage.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class ProofChecksTests : IDisposable
{
    private static readonly DateOnly Lodged = new(2024, 6, 1);

    private readonly TestAuthority authority = new("FR0T");
    private readonly TrustList trust;
    private readonly ECDsa key;

    public ProofChecksTests()
    {
        trust = authority.TrustList();
        var (certificate, signingKey) = authority.Issue("TST1");
        Assert.Equal(TrustListAddResult.Added, trust.Add(certificate.RawData));
        key = signingKey;
    }

    private static PreApplicationForm Adult => new()
    {
        Applicant = new Applicant { Surname = "SAMPLE", GivenNames = ["ANGELA"], BirthDate = "1990-01-01" },
        Address = new Address { Line1 = "7 place des Spécimens", Postcode = "57000", City = "Metz" },
    };

    private static PreApplicationForm Minor => Adult with
    {
        Applicant = new Applicant { Surname = "PETIT", GivenNames = ["LOU"], BirthDate = "2015-01-01" },
        Parents = [new Parent { Surname = "DUVAL", GivenNames = ["JEAN"] }, new Parent { Surname = "SAMPLE", GivenNames = ["ANGELA"] }],
        LegalRepresentative = new LegalRepresentative { Capacity = "mother", Surname = "SAMPLE", GivenNames = ["ANGELA"] },
    };

    private byte[] Code(string type = "01", DateOnly? issued = null, FieldSpec[]? fields = null) =>
        TestCodes.Build(4, "FR0T", "TST1", type, fields ?? TestCodes.Address, key, issued ?? new DateOnly(2024, 3, 5), issued ?? new DateOnly(2024, 3, 5));

    private ProofCheck Check(PreApplicationForm form, params byte[][] codes) =>
        ProofChecks.Check(codes.Length > 0 ? ScanReading.Found : ScanReading.NoneFound, codes, trust, allowTestIds: false, form, Lodged);

    [Fact]
    public void A_valid_code_whose_fields_all_match_the_form_is_verified()
    {
        var check = Check(Adult, Code());

        Assert.Equal(ProofSummary.Verified, check.Summary);
        Assert.Equal(ComparedHolder.Applicant, check.ComparedWith);
        Assert.Equal(new ProofIssuer("FR0T", "TST1"), check.Issuer);
        Assert.False(check.OlderThanOneYear);
    }

    [Fact]
    public void A_minors_proof_is_compared_with_the_legal_representatives_name()
    {
        var check = Check(Minor, Code());

        Assert.Equal(ComparedHolder.LegalRepresentative, check.ComparedWith);
        Assert.Equal(FieldMatch.Matches, check.Fields!.Surname);
        Assert.Equal(ProofSummary.Verified, check.Summary);
    }

    [Fact]
    public void A_minors_proof_without_a_representatives_name_is_compared_with_the_parent_whose_surname_it_carries()
    {
        var check = Check(Minor with { LegalRepresentative = null }, Code());

        Assert.Equal(ComparedHolder.Parent, check.ComparedWith);
        Assert.Equal(FieldMatch.Matches, check.Fields!.Surname);
        Assert.Equal(ProofSummary.Verified, check.Summary);
    }

    [Fact]
    public void An_adults_proof_in_another_name_is_a_mismatch()
    {
        var check = Check(Adult with { Applicant = Adult.Applicant! with { Surname = "DUVAL" } }, Code());

        Assert.Equal(FieldMatch.Differs, check.Fields!.Surname);
        Assert.Equal(ProofSummary.Mismatch, check.Summary);
    }

    [Fact]
    public void A_proof_dated_more_than_a_year_before_the_lodging_is_flagged()
    {
        var check = Check(Adult, Code(issued: Lodged.AddYears(-1).AddDays(-1)));

        Assert.True(check.OlderThanOneYear);
    }

    [Fact]
    public void A_datamatrix_that_is_not_a_2d_doc_counts_as_no_code()
    {
        var check = Check(Adult, "HELLO WORLD"u8.ToArray());

        Assert.Equal(ProofSummary.None, check.Summary);
        Assert.Equal(ScanReading.Found, check.Reading);
        Assert.Null(check.Signature);
    }

    [Fact]
    public void A_2d_doc_that_cannot_be_read_is_unverified_with_the_reason()
    {
        var check = Check(Adult, "DC09FR0TTST1"u8.ToArray());

        Assert.Equal(ProofSummary.Unverified, check.Summary);
        Assert.Equal("unsupportedVersion", check.Unreadable);
    }

    [Fact]
    public void A_code_signed_with_an_unknown_certificate_is_unverified()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var raw = TestCodes.Build(4, "FR0T", "TST9", "01", TestCodes.Address, other);

        var check = Check(Adult, raw);

        Assert.Equal(SignatureStatus.UnknownCertificate, check.Signature);
        Assert.Equal(ProofSummary.Unverified, check.Summary);
    }

    [Fact]
    public void A_valid_code_of_another_document_type_is_unverified_and_not_compared()
    {
        var check = Check(Adult, Code(type: "04", fields: [new("10", "MME/SAMPLE/ANGELA")]));

        Assert.Equal(SignatureStatus.Valid, check.Signature);
        Assert.Null(check.Fields);
        Assert.Equal(ProofSummary.Unverified, check.Summary);
    }

    [Fact]
    public void Of_several_codes_the_best_outcome_is_kept()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = TestCodes.Build(4, "FR0T", "TST1", "01", TestCodes.Address, other);

        var check = Check(Adult, forged, Code());

        Assert.Equal(ProofSummary.Verified, check.Summary);
    }

    [Fact]
    public void A_specification_sample_is_a_test_certificate_in_Development_and_refused_elsewhere()
    {
        var sample = SpecSamples.ProofsOfAddress.First(s => TestCodes.Parse(s.Raw).Header.SignatureDate is { } d && d <= new DateOnly(2015, 11, 1));
        var pinned = new TrustList([]);
        SpecificationTestCertificate.PinIn(pinned);

        var development = ProofChecks.Check(ScanReading.Found, [sample.Raw], pinned, allowTestIds: true, Adult, Lodged);
        var production = ProofChecks.Check(ScanReading.Found, [sample.Raw], pinned, allowTestIds: false, Adult, Lodged);

        Assert.Equal(SignatureStatus.TestCertificate, development.Signature);
        Assert.Equal(ProofSummary.Unverified, development.Summary);
        Assert.Equal(SignatureStatus.TestIdRefused, production.Signature);
        Assert.Equal(ProofSummary.Unverified, production.Summary);
    }

    public void Dispose()
    {
        key.Dispose();
        authority.Dispose();
    }
}
