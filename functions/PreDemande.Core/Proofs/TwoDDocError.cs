namespace PreDemande.Core.Proofs;

/// <summary>Why a text could not be read as a 2D-Doc.</summary>
public enum TwoDDocErrorKind
{
    /// <summary>Nothing to read.</summary>
    Empty,

    /// <summary>It does not start with the marker "DC": some other barcode.</summary>
    NotTwoDDoc,

    /// <summary>A binary 2D-Doc (marker byte 0xDC, v04 §3.3.4) or a multi-code envelope: not read here.</summary>
    UnsupportedFormat,

    /// <summary>A version other than 01 to 04.</summary>
    UnsupportedVersion,

    /// <summary>The header is too short, or a header field has characters it cannot have.</summary>
    MalformedHeader,

    /// <summary>A perimeter other than '01', whose data identifiers this reader does not know.</summary>
    UnsupportedPerimeter,

    /// <summary>A data identifier the perimeter '01' table does not list: its length is unknown, so reading stops.</summary>
    UnsupportedField,

    /// <summary>A field is cut short, holds a separator inside a fixed length, or a fixed-length field is marked truncated.</summary>
    MalformedField,

    /// <summary>A byte outside 7-bit ASCII in the signed part, which the specification rules out (§3.5.2).</summary>
    NonAsciiData,

    /// <summary>No signature: no US (v02+), or too few bytes for one (v01).</summary>
    MissingSignature,

    /// <summary>The signature is not Base32, or its length fits none of P-256, P-384 and P-521.</summary>
    MalformedSignature,
}

/// <summary>A reading failure, with the byte offset where it was found and the field concerned, if any.</summary>
public sealed record TwoDDocError(TwoDDocErrorKind Kind, int Position, string? DataIdentifier, string Message);
