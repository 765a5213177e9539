using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PreDemande.Core.Proofs;

/// <summary>What happened to a certificate offered to a <see cref="TrustList"/>.</summary>
public enum TrustListAddResult
{
    /// <summary>Trusted from now on under its (CA id, certificate id).</summary>
    Added,

    /// <summary>The bytes are not a DER or PEM certificate.</summary>
    NotACertificate,

    /// <summary>The ids are missing or not 4 characters [A-Z0-9].</summary>
    MalformedIds,

    /// <summary>The key is not ECDSA on P-256, P-384 or P-521.</summary>
    UnsupportedKey,

    /// <summary>The certificate is not issued by one of the list's CA certificates.</summary>
    NotChained,

    /// <summary>Pinning without a CA is only for the reserved test ids.</summary>
    NotATestId,
}

/// <summary>
/// The trusted 2D-Doc signing certificates, each under its (CA id, certificate id). A signing
/// certificate is accepted only if it chains to one of the CA certificates the list was built
/// with: an <see cref="X509Chain"/> in custom root trust (no system store), no revocation check,
/// no downloads. The chain is checked for its signatures, not its dates: the verifier checks the
/// signing certificate's validity against each code's signature date. Fill it, then share it for
/// reading; it is not meant to be filled while being read.
/// </summary>
public sealed class TrustList : ITrustedCertificates
{
    private readonly X509Certificate2[] authorities;
    private readonly Dictionary<(string CaId, string CertificateId), TrustedCertificate> certificates = [];

    /// <summary>A list whose signing certificates must chain to one of these CA certificates.</summary>
    public TrustList(IEnumerable<X509Certificate2> caCertificates)
    {
        ArgumentNullException.ThrowIfNull(caCertificates);
        authorities = [.. caCertificates];
    }

    /// <summary>How many signing certificates are trusted.</summary>
    public int Count => certificates.Count;

    /// <summary>Every trusted signing certificate.</summary>
    public IEnumerable<TrustedCertificate> Certificates => certificates.Values;

    /// <inheritdoc />
    public TrustedCertificate? Find(string caId, string certificateId) =>
        certificates.GetValueOrDefault((caId, certificateId));

    /// <summary>
    /// Reads a DER or PEM certificate (the first one of a PEM file); null when the bytes are neither.
    /// </summary>
    public static X509Certificate2? LoadCertificate(ReadOnlySpan<byte> derOrPem)
    {
        try
        {
            var text = derOrPem.IndexOf("-----BEGIN CERTIFICATE-----"u8) >= 0 ? Encoding.ASCII.GetString(derOrPem) : null;
            return text is null ? X509CertificateLoader.LoadCertificate(derOrPem) : X509Certificate2.CreateFromPem(text);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// Adds a signing certificate under the ids the ANTS authorities write in it: the CA id is the
    /// issuer's common name and the certificate id the subject's (as in "CN=FR01" issuing "CN=SFR0").
    /// </summary>
    public TrustListAddResult Add(ReadOnlySpan<byte> derOrPem)
    {
        var certificate = LoadCertificate(derOrPem);
        return certificate is null
            ? TrustListAddResult.NotACertificate
            : Add(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: true), certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false), certificate);
    }

    /// <summary>Adds a signing certificate under ids given by the trust material (as the published list names them).</summary>
    public TrustListAddResult Add(string caId, string certificateId, ReadOnlySpan<byte> derOrPem)
    {
        var certificate = LoadCertificate(derOrPem);
        return certificate is null ? TrustListAddResult.NotACertificate : Add(caId, certificateId, certificate);
    }

    /// <summary>Adds a signing certificate if it has an ECDSA key of a supported curve and chains to a CA certificate of the list.</summary>
    public TrustListAddResult Add(string caId, string certificateId, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!IsId(caId) || !IsId(certificateId))
        {
            return TrustListAddResult.MalformedIds;
        }

        if (!HasSupportedKey(certificate))
        {
            return TrustListAddResult.UnsupportedKey;
        }

        if (!ChainsToAuthority(certificate))
        {
            return TrustListAddResult.NotChained;
        }

        certificates[(caId, certificateId)] = new TrustedCertificate(caId, certificateId, certificate);
        return TrustListAddResult.Added;
    }

    /// <summary>
    /// Trusts a certificate without a CA, for the reserved test ids only (CA "XX00" or certificate
    /// "0000"): the specification's own test certificate FR00 / 0001 is published without its CA.
    /// The verifier still refuses test ids unless told to allow them (Development).
    /// </summary>
    public TrustListAddResult PinTestCertificate(string caId, string certificateId, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!IsId(caId) || !IsId(certificateId))
        {
            return TrustListAddResult.MalformedIds;
        }

        if (!new TwoDDocHeader(4, caId, certificateId, null, null, "00", null, null).HasTestIds)
        {
            return TrustListAddResult.NotATestId;
        }

        if (!HasSupportedKey(certificate))
        {
            return TrustListAddResult.UnsupportedKey;
        }

        certificates[(caId, certificateId)] = new TrustedCertificate(caId, certificateId, certificate);
        return TrustListAddResult.Added;
    }

    private bool ChainsToAuthority(X509Certificate2 certificate)
    {
        if (authorities.Length == 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(authorities);
        policy.ExtraStore.AddRange(authorities);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreCtlNotTimeValid;
        var built = chain.Build(certificate);

        // The issuer must be one of the list's CA certificates. That CA certificate may itself be an
        // intermediate whose root is not given (FR03 is issued by a Certigna root): the chain is then
        // partial or its root untrusted, and the listed CA certificate is the anchor.
        if (chain.ChainElements.Count < 2 || !authorities.Any(ca => ca.RawDataMemory.Span.SequenceEqual(chain.ChainElements[1].Certificate.RawDataMemory.Span)))
        {
            return false;
        }

        if (built)
        {
            return true;
        }

        const X509ChainStatusFlags Tolerated = X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.UntrustedRoot
            | X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested;
        return chain.ChainElements[0].ChainElementStatus.All(status => (status.Status & ~Tolerated) == 0)
            && chain.ChainElements[1].ChainElementStatus.All(status => (status.Status & ~Tolerated) == 0);
    }

    private static bool HasSupportedKey(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPublicKey();
        return key is not null && TwoDDocVerifier.HashFor(key.KeySize) is not null;
    }

    private static bool IsId(string? id) => id is { Length: 4 } && id.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));
}
