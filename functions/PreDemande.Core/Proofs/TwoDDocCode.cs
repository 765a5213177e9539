namespace PreDemande.Core.Proofs;

/// <summary>
/// The C40 header of a 2D-Doc (v3.2.6 §3.3.1 to §3.3.3): 22 characters for versions 01 and 02,
/// 24 for 03 (with the perimeter), 26 for 04 (with the issuing country).
/// </summary>
/// <param name="Version">1 to 4.</param>
/// <param name="CaId">The certification authority's id: 4 characters, an ISO 3166 alpha-2 country and 2 [A-Z0-9].</param>
/// <param name="CertificateId">The signing certificate's id at that authority: 4 characters [A-Z0-9].</param>
/// <param name="IssueDate">The document's date, or null when the header says FFFF (undated).</param>
/// <param name="SignatureDate">The date the code was signed, or null for FFFF.</param>
/// <param name="DocumentType">2 characters [A-Z0-9]; 00, 01 and 02 are proofs of address.</param>
/// <param name="Perimeter">2 characters from version 03 on; null before, where '01' is implied.</param>
/// <param name="Country">The issuing country (ISO 3166 alpha-2) in version 04; null before.</param>
public sealed record TwoDDocHeader(
    int Version,
    string CaId,
    string CertificateId,
    DateOnly? IssueDate,
    DateOnly? SignatureDate,
    string DocumentType,
    string? Perimeter,
    string? Country)
{
    /// <summary>The origin of the header dates: a 4-digit hex day count since 1 January 2000.</summary>
    public static readonly DateOnly Epoch = new(2000, 1, 1);

    /// <summary>The header length in characters for a C40 version.</summary>
    public static int LengthOf(int version) => version switch
    {
        1 or 2 => 22,
        3 => 24,
        _ => 26,
    };

    /// <summary>The perimeter whose data identifiers apply: the header's from v03 on, '01' before.</summary>
    public string EffectivePerimeter => Perimeter ?? "01";

    /// <summary>Document types 00 (proof issued as such), 01 (energy, telephone, internet, water bill), 02 (taxe d'habitation).</summary>
    public bool IsProofOfAddress => EffectivePerimeter == "01" && DocumentType is "00" or "01" or "02";

    /// <summary>
    /// The specification reserves the authorities "XX00" (XX an ISO 3166 country code) and, at every
    /// authority, the certificate "0000" for tests: never for production documents (§3.3).
    /// </summary>
    public bool HasTestIds => CertificateId == "0000" || (CaId.Length == 4 && CaId[2] == '0' && CaId[3] == '0');
}

/// <summary>One field of the message or the annex.</summary>
/// <param name="Id">The data identifier (DI).</param>
/// <param name="Value">The value as encoded: capitals, digits, spaces and the few symbols the DI allows.</param>
/// <param name="Truncated">True when the field ended with RS: the issuer cut the value to fit the code.</param>
public sealed record TwoDDocField(string Id, string Value, bool Truncated);

/// <summary>A parsed 2D-Doc: header, signed fields, signature and unsigned annex.</summary>
public sealed class TwoDDocCode
{
    internal TwoDDocCode(
        TwoDDocHeader header,
        IReadOnlyList<TwoDDocField> fields,
        byte[] signedData,
        byte[] signature,
        IReadOnlyList<TwoDDocField> annex)
    {
        Header = header;
        Fields = fields;
        SignedData = signedData;
        Signature = signature;
        Annex = annex;
    }

    public TwoDDocHeader Header { get; }

    /// <summary>The message's fields in their order in the code; all of them are covered by the signature.</summary>
    public IReadOnlyList<TwoDDocField> Fields { get; }

    /// <summary>Every byte before US (v02+), or before the binary signature (v01), as read: the bytes the signature covers.</summary>
    public ReadOnlyMemory<byte> SignedData { get; }

    /// <summary>The signature, r‖s (IEEE P1363): 64 bytes for P-256, 96 for P-384, 132 for P-521.</summary>
    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>
    /// Fields after the signature (version 04, §3.6). They are not signed: never take them as facts.
    /// Empty when there is no annex, or when it could not be read (the signed part stays usable).
    /// </summary>
    public IReadOnlyList<TwoDDocField> Annex { get; }

    /// <summary>The first signed field with this data identifier, or null.</summary>
    public TwoDDocField? Field(string id)
    {
        foreach (var field in Fields)
        {
            if (field.Id == id)
            {
                return field;
            }
        }

        return null;
    }
}
