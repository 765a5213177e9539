using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PreDemande.Core.Proofs;

/// <summary>
/// Checks a 2D-Doc's signature as §5.1 of the specification orders it: find the certificate by
/// (CA id, certificate id), check its validity against the signature date, then verify the ECDSA
/// signature (r‖s) over the signed bytes with the hash of the key's curve (§3.5.2).
/// Revocation is the trust source's business: a revoked certificate must not be in it.
/// </summary>
public static class TwoDDocVerifier
{
    /// <summary>Checks a parsed code against the trust material.</summary>
    /// <param name="code">The parsed code.</param>
    /// <param name="trust">Where certificates are found.</param>
    /// <param name="allowTestIds">True only in Development: lets codes with reserved test ids be checked (they then give <see cref="SignatureStatus.TestCertificate"/>, never Valid).</param>
    public static SignatureStatus Verify(TwoDDocCode code, ITrustedCertificates trust, bool allowTestIds)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(trust);
        var header = code.Header;
        if (header.HasTestIds && !allowTestIds)
        {
            return SignatureStatus.TestIdRefused;
        }

        var trusted = trust.Find(header.CaId, header.CertificateId);
        if (trusted is null)
        {
            return SignatureStatus.UnknownCertificate;
        }

        var day = header.SignatureDate ?? header.IssueDate;
        if (day is null || !trusted.IsValidOn(day.Value))
        {
            return SignatureStatus.CertificateNotValidAtSignatureDate;
        }

        return CheckSignature(code, trusted.Certificate) switch
        {
            null => SignatureStatus.UnsupportedKey,
            false => SignatureStatus.Invalid,
            true => header.HasTestIds ? SignatureStatus.TestCertificate : SignatureStatus.Valid,
        };
    }

    /// <summary>
    /// Verifies the signature with the certificate's public key alone, without trust or dates:
    /// true when it matches, false when not, null when the key is not ECDSA P-256, P-384 or P-521.
    /// </summary>
    public static bool? CheckSignature(TwoDDocCode code, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(certificate);
        using var key = certificate.GetECDsaPublicKey();
        if (key is null || HashFor(key.KeySize) is not { } hash)
        {
            return null;
        }

        var fieldBytes = (key.KeySize + 7) / 8;
        if (code.Signature.Length != 2 * fieldBytes)
        {
            return false;
        }

        return key.VerifyData(code.SignedData.Span, code.Signature.Span, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>The hash the specification pairs with each curve: SHA-256, SHA-384, SHA-512.</summary>
    internal static HashAlgorithmName? HashFor(int keySize) => keySize switch
    {
        256 => HashAlgorithmName.SHA256,
        384 => HashAlgorithmName.SHA384,
        521 => HashAlgorithmName.SHA512,
        _ => null,
    };
}
