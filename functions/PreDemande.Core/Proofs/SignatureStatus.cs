using System.Text.Json;
using System.Text.Json.Serialization;

namespace PreDemande.Core.Proofs;

/// <summary>The outcome of checking a 2D-Doc's signature.</summary>
[JsonConverter(typeof(SignatureStatusJsonConverter))]
public enum SignatureStatus
{
    /// <summary>Signed by a trusted production certificate that was valid on the signature date.</summary>
    Valid,

    /// <summary>The certificate is known but the signature does not match the signed bytes: a changed or forged code.</summary>
    Invalid,

    /// <summary>No trusted certificate has this (CA id, certificate id).</summary>
    UnknownCertificate,

    /// <summary>The certificate is known, but the signature date (or the issue date when there is none) is outside its validity.</summary>
    CertificateNotValidAtSignatureDate,

    /// <summary>The certificate's key is not ECDSA on P-256, P-384 or P-521.</summary>
    UnsupportedKey,

    /// <summary>Signed with a reserved test id and verified; only ever returned when test ids are allowed (Development).</summary>
    TestCertificate,

    /// <summary>A reserved test id (CA "XX00" or certificate "0000") where test ids are not allowed: refused unchecked.</summary>
    TestIdRefused,
}

/// <summary>Writes and reads a signature status as its camelCase name.</summary>
public sealed class SignatureStatusJsonConverter() : JsonStringEnumConverter<SignatureStatus>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
