using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PreDemande.Core.Proofs;

using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Proofs;

[Trait(Tier.Name, Tier.Fast)]
public sealed class TrustListTests : IDisposable
{
    private readonly TestAuthority authority = new("FR0T");

    public void Dispose() => authority.Dispose();

    [Fact]
    public void A_certificate_issued_by_a_listed_CA_is_found_by_its_ids()
    {
        var (certificate, _) = authority.Issue("A012");
        var trust = authority.TrustList();

        Assert.Equal(TrustListAddResult.Added, trust.Add(certificate.RawData));

        var found = trust.Find("FR0T", "A012");
        Assert.NotNull(found);
        Assert.Equal(certificate.Thumbprint, found.Certificate.Thumbprint);
        Assert.Equal(new DateOnly(2020, 1, 1), found.ValidFrom);
        Assert.Equal(new DateOnly(2030, 1, 1), found.ValidUntil);
    }

    [Fact]
    public void Ids_are_read_from_the_issuer_and_subject_common_names()
    {
        var (certificate, _) = authority.Issue("SFR0");
        var trust = authority.TrustList();

        trust.Add(certificate.RawData);

        Assert.NotNull(trust.Find("FR0T", "SFR0"));
        Assert.Null(trust.Find("FR0T", "SFR1"));
    }

    [Fact]
    public void Ids_given_by_the_trust_material_are_used_as_given()
    {
        var (certificate, _) = authority.Issue("SFR0");
        var trust = authority.TrustList();

        Assert.Equal(TrustListAddResult.Added, trust.Add("FR0T", "X1Y2", certificate.RawData));

        Assert.NotNull(trust.Find("FR0T", "X1Y2"));
    }

    [Fact]
    public void A_PEM_certificate_is_read_like_a_DER_one()
    {
        var (certificate, _) = authority.Issue("A012");
        var trust = authority.TrustList();

        Assert.Equal(TrustListAddResult.Added, trust.Add(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem())));
    }

    [Fact]
    public void Bytes_that_are_not_a_certificate_are_refused()
    {
        Assert.Equal(TrustListAddResult.NotACertificate, authority.TrustList().Add("not a certificate"u8));
    }

    [Fact]
    public void A_certificate_of_another_CA_is_refused_as_not_chained()
    {
        using var other = new TestAuthority("FR0U");
        var (certificate, _) = other.Issue("A012");
        var trust = authority.TrustList();

        Assert.Equal(TrustListAddResult.NotChained, trust.Add(certificate.RawData));
        Assert.Equal(0, trust.Count);
    }

    [Fact]
    public void A_self_signed_signing_certificate_is_refused_as_not_chained()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var selfSigned = new CertificateRequest("CN=A012", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));

        Assert.Equal(TrustListAddResult.NotChained, authority.TrustList().Add("FR0T", "A012", selfSigned.RawData));
    }

    [Fact]
    public void A_trust_list_without_CA_certificates_accepts_no_signing_certificate()
    {
        var (certificate, _) = authority.Issue("A012");

        Assert.Equal(TrustListAddResult.NotChained, new TrustList([]).Add(certificate.RawData));
    }

    [Fact]
    public void A_listed_CA_that_is_itself_issued_by_an_unlisted_root_anchors_its_certificates()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Test Root CA, C=FR", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = rootRequest.CreateSelfSigned(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2070, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=FR0V, C=FR", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.Create(root, new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2060, 1, 1, 0, 0, 0, TimeSpan.Zero), [1, 2, 3]);
        using var caWithKey = ca.CopyWithPrivateKey(caKey);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=A012, C=FR", leafKey, HashAlgorithmName.SHA256);
        using var leaf = leafRequest.Create(caWithKey, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), [4, 5, 6]);

        var trust = new TrustList([X509CertificateLoader.LoadCertificate(ca.RawData)]);

        Assert.Equal(TrustListAddResult.Added, trust.Add(leaf.RawData));
        Assert.NotNull(trust.Find("FR0V", "A012"));
    }

    [Fact]
    public void A_signing_certificate_with_an_RSA_key_is_refused()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=A012", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var caKey = authority.Certificate.GetECDsaPrivateKey()!;
        using var certificate = request.Create(authority.Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), [7]);

        Assert.Equal(TrustListAddResult.UnsupportedKey, authority.TrustList().Add("FR0T", "A012", certificate.RawData));
    }

    [Theory]
    [InlineData("FR0", "A012")]
    [InlineData("FR0T", "a012")]
    [InlineData("FR0T", "")]
    public void Malformed_ids_are_refused(string caId, string certificateId)
    {
        var (certificate, _) = authority.Issue("A012");

        Assert.Equal(TrustListAddResult.MalformedIds, authority.TrustList().Add(caId, certificateId, certificate));
    }

    [Fact]
    public void Only_test_ids_can_be_pinned_without_a_CA()
    {
        var (certificate, _) = authority.Issue("A012");
        var trust = new TrustList([]);

        Assert.Equal(TrustListAddResult.NotATestId, trust.PinTestCertificate("FR0T", "A012", certificate));
        Assert.Equal(TrustListAddResult.Added, trust.PinTestCertificate("FR0T", "0000", certificate));
        Assert.Equal(TrustListAddResult.Added, trust.PinTestCertificate("FR00", "0001", certificate));
    }

    [Fact]
    public void The_specification_test_certificate_is_FR00_0001_on_P256_valid_2012_to_2015()
    {
        using var certificate = SpecificationTestCertificate.Load();
        using var key = certificate.GetECDsaPublicKey();

        Assert.Equal("FR00", certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: true));
        Assert.Equal("0001", certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        Assert.Equal(256, key!.KeySize);
        var trusted = new TrustedCertificate("FR00", "0001", certificate);
        Assert.Equal(new DateOnly(2012, 11, 1), trusted.ValidFrom);
        Assert.Equal(new DateOnly(2015, 11, 1), trusted.ValidUntil);
    }
}
