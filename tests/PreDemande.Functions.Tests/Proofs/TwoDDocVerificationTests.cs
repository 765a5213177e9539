using System.Security.Cryptography;
using PreDemande.Core.Proofs;

using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Proofs;

[Trait(Tier.Name, Tier.Fast)]
public sealed class TwoDDocVerificationTests : IDisposable
{
    private readonly TestAuthority authority = new("FR0T");

    public void Dispose() => authority.Dispose();

    public static TheoryData<string> Curves => new() { "P-256", "P-384", "P-521" };

    [Theory]
    [MemberData(nameof(Curves))]
    public void A_code_signed_by_a_listed_certificate_is_valid_on_each_curve(string curve)
    {
        var (certificate, key) = authority.Issue("A012", curve switch
        {
            "P-256" => ECCurve.NamedCurves.nistP256,
            "P-384" => ECCurve.NamedCurves.nistP384,
            _ => ECCurve.NamedCurves.nistP521,
        });
        var trust = authority.TrustList();
        Assert.Equal(TrustListAddResult.Added, trust.Add(certificate.RawData));

        var code = TestCodes.Parse(TestCodes.Build(4, "FR0T", "A012", "01", TestCodes.Address, key));

        Assert.Equal(SignatureStatus.Valid, TwoDDocVerifier.Verify(code, trust, allowTestIds: false));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Each_header_version_verifies(int version)
    {
        var (trust, key) = Listed("A012");

        var code = TestCodes.Parse(TestCodes.Build(version, "FR0T", "A012", "00", TestCodes.Address, key));

        Assert.Equal(SignatureStatus.Valid, TwoDDocVerifier.Verify(code, trust, allowTestIds: false));
    }

    [Theory]
    [InlineData("00")]
    [InlineData("01")]
    [InlineData("02")]
    public void Each_proof_of_address_type_verifies(string type)
    {
        var (trust, key) = Listed("A012");

        var code = TestCodes.Parse(TestCodes.Build(3, "FR0T", "A012", type, TestCodes.Address, key));

        Assert.Equal(SignatureStatus.Valid, TwoDDocVerifier.Verify(code, trust, allowTestIds: false));
    }

    [Fact]
    public void A_tampered_byte_in_the_message_makes_the_signature_invalid()
    {
        var (trust, key) = Listed("A012");
        var raw = TestCodes.Build(4, "FR0T", "A012", "01", TestCodes.Address, key);
        var postcode = System.Text.Encoding.ASCII.GetString(raw).IndexOf("57000", StringComparison.Ordinal);
        raw[postcode] = (byte)'6';

        var code = TestCodes.Parse(raw);

        Assert.Equal("67000", code.Field("24")?.Value);
        Assert.Equal(SignatureStatus.Invalid, TwoDDocVerifier.Verify(code, trust, allowTestIds: false));
    }

    [Fact]
    public void A_tampered_signature_character_makes_the_signature_invalid()
    {
        var (trust, key) = Listed("A012");
        var raw = TestCodes.Build(4, "FR0T", "A012", "01", TestCodes.Address, key);
        var at = Array.IndexOf(raw, TwoDDoc.US) + 5;
        raw[at] = raw[at] == (byte)'A' ? (byte)'B' : (byte)'A';

        Assert.Equal(SignatureStatus.Invalid, TwoDDocVerifier.Verify(TestCodes.Parse(raw), trust, allowTestIds: false));
    }

    [Fact]
    public void A_code_signed_with_another_key_is_invalid()
    {
        var (trust, _) = Listed("A012");
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var code = TestCodes.Parse(TestCodes.Build(4, "FR0T", "A012", "01", TestCodes.Address, other));

        Assert.Equal(SignatureStatus.Invalid, TwoDDocVerifier.Verify(code, trust, allowTestIds: false));
    }

    [Fact]
    public void A_code_signed_after_its_certificate_expired_is_not_valid_at_its_signature_date()
    {
        var (certificate, key) = authority.Issue("A012", from: new DateOnly(2018, 1, 1), until: new DateOnly(2021, 1, 1));
        var trust = authority.TrustList();
        Assert.Equal(TrustListAddResult.Added, trust.Add(certificate.RawData));

        var code = TestCodes.Parse(TestCodes.Build(4, "FR0T", "A012", "01", TestCodes.Address, key, signed: new DateOnly(2021, 1, 2)));

        Assert.Equal(SignatureStatus.CertificateNotValidAtSignatureDate, TwoDDocVerifier.Verify(code, trust, allowTestIds: false));
    }

    [Fact]
    public void A_code_signed_on_the_last_day_of_its_certificate_is_valid()
    {
        var (certificate, key) = authority.Issue("A012", from: new DateOnly(2018, 1, 1), until: new DateOnly(2021, 1, 1));
        var trust = authority.TrustList();
        trust.Add(certificate.RawData);

        var code = TestCodes.Parse(TestCodes.Build(4, "FR0T", "A012", "01", TestCodes.Address, key, signed: new DateOnly(2021, 1, 1)));

        Assert.Equal(SignatureStatus.Valid, TwoDDocVerifier.Verify(code, trust, allowTestIds: false));
    }

    [Fact]
    public void A_code_signed_before_its_certificate_was_valid_is_not_valid_at_its_signature_date()
    {
        var (certificate, key) = authority.Issue("A012", from: new DateOnly(2022, 1, 1));
        var trust = authority.TrustList();
        trust.Add(certificate.RawData);

        var code = TestCodes.Parse(TestCodes.Build(4, "FR0T", "A012", "01", TestCodes.Address, key, signed: new DateOnly(2021, 12, 31)));

        Assert.Equal(SignatureStatus.CertificateNotValidAtSignatureDate, TwoDDocVerifier.Verify(code, trust, allowTestIds: false));
    }

    [Fact]
    public void The_issue_date_stands_in_when_the_signature_date_is_FFFF()
    {
        var (certificate, key) = authority.Issue("A012", from: new DateOnly(2018, 1, 1), until: new DateOnly(2021, 1, 1));
        var trust = authority.TrustList();
        trust.Add(certificate.RawData);
        var text = TestCodes.Header(4, "FR0T", "A012", new DateOnly(2022, 6, 1), null, "01") + "2457000";

        var code = TestCodes.Parse(TestCodes.Sign(text, key));

        Assert.Null(code.Header.SignatureDate);
        Assert.Equal(SignatureStatus.CertificateNotValidAtSignatureDate, TwoDDocVerifier.Verify(code, trust, allowTestIds: false));
    }

    [Fact]
    public void A_certificate_id_not_in_the_trust_list_is_unknown()
    {
        var (trust, key) = Listed("A012");

        var code = TestCodes.Parse(TestCodes.Build(4, "FR0T", "B999", "01", TestCodes.Address, key));

        Assert.Equal(SignatureStatus.UnknownCertificate, TwoDDocVerifier.Verify(code, trust, allowTestIds: false));
    }

    [Fact]
    public void A_certificate_not_chained_to_the_CA_stays_unknown()
    {
        using var stranger = new TestAuthority("FR0T");
        var (certificate, key) = stranger.Issue("A012");
        var trust = authority.TrustList();

        Assert.Equal(TrustListAddResult.NotChained, trust.Add(certificate.RawData));
        var code = TestCodes.Parse(TestCodes.Build(4, "FR0T", "A012", "01", TestCodes.Address, key));
        Assert.Equal(SignatureStatus.UnknownCertificate, TwoDDocVerifier.Verify(code, trust, allowTestIds: false));
    }

    [Theory]
    [InlineData("FR00", "A012")]
    [InlineData("FR0T", "0000")]
    public void Test_ids_are_refused_outside_Development(string caId, string certificateId)
    {
        using var testAuthority = new TestAuthority(caId);
        var (certificate, key) = testAuthority.Issue(certificateId);
        var trust = testAuthority.TrustList();
        Assert.Equal(TrustListAddResult.Added, trust.Add(certificate.RawData));

        var code = TestCodes.Parse(TestCodes.Build(4, caId, certificateId, "01", TestCodes.Address, key));

        Assert.True(code.Header.HasTestIds);
        Assert.Equal(SignatureStatus.TestIdRefused, TwoDDocVerifier.Verify(code, trust, allowTestIds: false));
    }

    [Theory]
    [InlineData("FR00", "A012")]
    [InlineData("FR0T", "0000")]
    public void Test_ids_verify_as_test_certificate_in_Development_never_as_valid(string caId, string certificateId)
    {
        using var testAuthority = new TestAuthority(caId);
        var (certificate, key) = testAuthority.Issue(certificateId);
        var trust = testAuthority.TrustList();
        trust.Add(certificate.RawData);

        var code = TestCodes.Parse(TestCodes.Build(4, caId, certificateId, "01", TestCodes.Address, key));

        Assert.Equal(SignatureStatus.TestCertificate, TwoDDocVerifier.Verify(code, trust, allowTestIds: true));
    }

    [Fact]
    public void A_tampered_test_code_is_invalid_in_Development()
    {
        using var testAuthority = new TestAuthority("FR00");
        var (certificate, key) = testAuthority.Issue("0001");
        var trust = testAuthority.TrustList();
        trust.Add(certificate.RawData);
        var raw = TestCodes.Build(4, "FR00", "0001", "01", TestCodes.Address, key);
        raw[30] ^= 0x01;

        Assert.Equal(SignatureStatus.Invalid, TwoDDocVerifier.Verify(TestCodes.Parse(raw), trust, allowTestIds: true));
    }

    [Theory]
    [InlineData("FR01", false)]
    [InlineData("FR00", true)]
    [InlineData("DE00", true)]
    [InlineData("FR10", false)]
    public void Only_CA_ids_ending_in_00_are_test_authorities(string caId, bool isTest)
    {
        Assert.Equal(isTest, new TwoDDocHeader(4, caId, "A012", null, null, "01", "01", "FR").HasTestIds);
    }

    private (TrustList Trust, ECDsa Key) Listed(string certificateId)
    {
        var (certificate, key) = authority.Issue(certificateId);
        var trust = authority.TrustList();
        Assert.Equal(TrustListAddResult.Added, trust.Add(certificate.RawData));
        return (trust, key);
    }
}
