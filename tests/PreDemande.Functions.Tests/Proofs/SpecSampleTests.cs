using PreDemande.Core.Proofs;

using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Proofs;

/// <summary>The specification's own reference codes (v3.2.6 §16.2), signed with its test certificate FR00 / 0001.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class SpecSampleTests
{
    public static TheoryData<int> AllSamples => [.. Enumerable.Range(0, SpecSamples.All.Length)];

    public static TheoryData<int> ProofsOfAddress => [.. Enumerable.Range(0, SpecSamples.All.Length).Where(i => SpecSamples.ProofsOfAddress.Contains(SpecSamples.All[i]))];

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Every_reference_code_parses_and_its_signature_matches_the_test_certificate_key(int index)
    {
        var sample = SpecSamples.All[index];
        using var certificate = SpecificationTestCertificate.Load();

        var code = TestCodes.Parse(sample.Raw);

        Assert.Equal(sample.SignedBytes, code.SignedData.ToArray());
        Assert.Equal(sample.Signature, code.Signature.ToArray());
        Assert.Equal("FR00", code.Header.CaId);
        Assert.Equal("0001", code.Header.CertificateId);
        Assert.True(TwoDDocVerifier.CheckSignature(code, certificate));
    }

    [Theory]
    [MemberData(nameof(ProofsOfAddress))]
    public void Reference_proofs_of_address_verify_as_test_certificate_in_Development(int index)
    {
        var code = TestCodes.Parse(SpecSamples.All[index].Raw);
        var trust = new TrustList([]);
        Assert.Equal(TrustListAddResult.Added, SpecificationTestCertificate.PinIn(trust));

        Assert.True(code.Header.IsProofOfAddress);
        Assert.Equal(SignatureStatus.TestCertificate, TwoDDocVerifier.Verify(code, trust, allowTestIds: true));
    }

    [Theory]
    [MemberData(nameof(ProofsOfAddress))]
    public void Reference_proofs_of_address_are_refused_outside_Development(int index)
    {
        var code = TestCodes.Parse(SpecSamples.All[index].Raw);
        var trust = new TrustList([]);
        SpecificationTestCertificate.PinIn(trust);

        Assert.Equal(SignatureStatus.TestIdRefused, TwoDDocVerifier.Verify(code, trust, allowTestIds: false));
    }

    [Fact]
    public void There_are_reference_proofs_of_address_in_formats_v01_v02_and_v03_for_each_type()
    {
        var found = SpecSamples.ProofsOfAddress.Select(s => (s.Format, s.Label[..2])).ToHashSet();

        foreach (var format in new[] { "V1", "V2", "V3" })
        {
            foreach (var type in new[] { "00", "01", "02" })
            {
                Assert.Contains((format, type), found);
            }
        }
    }

    [Fact]
    public void Reference_codes_signed_after_the_test_certificate_expired_are_not_valid_at_their_signature_date()
    {
        var trust = new TrustList([]);
        SpecificationTestCertificate.PinIn(trust);
        var codes = SpecSamples.All.Select(s => TestCodes.Parse(s.Raw)).ToArray();
        var late = codes.Where(code => code.Header.SignatureDate > new DateOnly(2015, 11, 1)).ToArray();

        Assert.NotEmpty(late);
        Assert.All(late, code => Assert.Equal(SignatureStatus.CertificateNotValidAtSignatureDate, TwoDDocVerifier.Verify(code, trust, allowTestIds: true)));
        Assert.All(codes.Except(late), code => Assert.Equal(SignatureStatus.TestCertificate, TwoDDocVerifier.Verify(code, trust, allowTestIds: true)));
    }

    [Fact]
    public void The_reference_v03_proof_of_address_reads_as_the_annex_lists_its_fields()
    {
        var sample = SpecSamples.All.Single(s => s.Format == "V3" && s.Label.StartsWith("00", StringComparison.Ordinal));

        var code = TestCodes.Parse(sample.Raw);

        Assert.Equal(new DateOnly(2012, 10, 15), code.Header.IssueDate);
        Assert.Equal(new DateOnly(2015, 7, 27), code.Header.SignatureDate);
        Assert.Equal("01", code.Header.Perimeter);
        var proof = ProofOfAddress.From(code);
        Assert.Equal("MLLE/SAMPLE/ANGELA", proof.NameLine);
        Assert.Equal(string.Empty, proof.Complement);
        Assert.Equal("BAT 2 ETG 3", proof.Building);
        Assert.Equal("7 PLACE DES SPECIMENS", proof.Street?.Value);
        Assert.Equal(string.Empty, proof.Locality);
        Assert.Equal("57000", proof.Postcode);
        Assert.Equal("METZ", proof.City?.Value);
        Assert.Equal("FR", proof.Country);
    }

    [Fact]
    public void A_tampered_reference_code_is_invalid_in_Development()
    {
        var sample = SpecSamples.ProofsOfAddress.First(s => s.Format == "V3");
        var raw = sample.Raw;
        var at = System.Text.Encoding.ASCII.GetString(raw).IndexOf("METZ", StringComparison.Ordinal);
        raw[at] = (byte)'N';
        var trust = new TrustList([]);
        SpecificationTestCertificate.PinIn(trust);

        Assert.Equal(SignatureStatus.Invalid, TwoDDocVerifier.Verify(TestCodes.Parse(raw), trust, allowTestIds: true));
    }
}
