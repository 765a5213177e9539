using System.Security.Cryptography.X509Certificates;

namespace PreDemande.Core.Proofs;

/// <summary>A 2D-Doc signing certificate that the trust material vouches for.</summary>
/// <param name="CaId">The certification authority's id, as in the code's header.</param>
/// <param name="CertificateId">The certificate's id at that authority, as in the code's header.</param>
/// <param name="Certificate">The certificate; only its public key and validity are used.</param>
public sealed record TrustedCertificate(string CaId, string CertificateId, X509Certificate2 Certificate)
{
    /// <summary>The first day of validity (UTC date of notBefore).</summary>
    public DateOnly ValidFrom => DateOnly.FromDateTime(Certificate.NotBefore.ToUniversalTime());

    /// <summary>The last day of validity (UTC date of notAfter).</summary>
    public DateOnly ValidUntil => DateOnly.FromDateTime(Certificate.NotAfter.ToUniversalTime());

    /// <summary>Whether a code signed on this day counts (header dates are whole days, so the bounds are inclusive).</summary>
    public bool IsValidOn(DateOnly day) => day >= ValidFrom && day <= ValidUntil;
}

/// <summary>Where the verifier finds the certificate a code names.</summary>
public interface ITrustedCertificates
{
    /// <summary>The trusted certificate with these ids, or null when there is none.</summary>
    TrustedCertificate? Find(string caId, string certificateId);
}
