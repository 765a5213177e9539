using System.Security.Cryptography.X509Certificates;

namespace PreDemande.Core.Proofs;

/// <summary>
/// The test certificate that the 2D-Doc specification publishes in its annex (v3.2.6 §16.1) and
/// signs its sample codes with (§16.2): CA "FR00", certificate "0001", ECDSA P-256 with SHA-256,
/// valid from 2012-11-01 to 2015-11-01. Its CA certificate is not published, so it can only be
/// pinned. For Development only: its ids are reserved test ids, which the verifier refuses
/// unless test ids are allowed.
/// </summary>
public static class SpecificationTestCertificate
{
    public const string CaId = "FR00";

    public const string CertificateId = "0001";

    private const string ResourceName = "PreDemande.Core.specification-test-certificate-fr00-0001.pem";

    /// <summary>Loads the certificate from the assembly's resources.</summary>
    public static X509Certificate2 Load()
    {
        using var stream = typeof(SpecificationTestCertificate).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Missing resource {ResourceName}.");
        using var reader = new StreamReader(stream);
        return X509Certificate2.CreateFromPem(reader.ReadToEnd());
    }

    /// <summary>Pins the certificate in a trust list (Development).</summary>
    public static TrustListAddResult PinIn(TrustList trustList)
    {
        ArgumentNullException.ThrowIfNull(trustList);
        return trustList.PinTestCertificate(CaId, CertificateId, Load());
    }
}
