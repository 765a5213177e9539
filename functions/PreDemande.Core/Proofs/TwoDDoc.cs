using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace PreDemande.Core.Proofs;

/// <summary>
/// Reads a 2D-Doc in C40 mode (header versions 01 to 04) from the text a DataMatrix decoder
/// returns, following the ANTS "Spécifications techniques des codes à barres 2D-Doc" v3.2.6:
/// header (§3.3), message of fields by data identifier (§3.4.1), signature (§3.5.2), annex (§3.6).
/// Pure: it checks the structure only; <see cref="TwoDDocVerifier"/> checks the signature.
/// </summary>
public static class TwoDDoc
{
    /// <summary>Group separator: ends a variable-length field, and the signature before an annex.</summary>
    public const byte GS = 0x1D;

    /// <summary>Record separator: ends a field that the issuer truncated.</summary>
    public const byte RS = 0x1E;

    /// <summary>Unit separator: ends the signed part; the Base32 signature follows (v02+).</summary>
    public const byte US = 0x1F;

    /// <summary>Signature lengths in bytes for P-256, P-384 and P-521 (r‖s), shortest first.</summary>
    private static readonly int[] SignatureLengths = [64, 96, 132];

    /// <summary>
    /// Reads a decoded code given as text. Characters stand for bytes 0-255 (ISO 8859-1, as
    /// DataMatrix decoders return the Base256 signature of a v01 code); anything above is refused.
    /// </summary>
    public static bool TryParse(string raw, [NotNullWhen(true)] out TwoDDocCode? code, [NotNullWhen(false)] out TwoDDocError? error)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var bytes = new byte[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] > '\u00FF')
            {
                code = null;
                error = new TwoDDocError(TwoDDocErrorKind.NonAsciiData, i, null, "a character outside ISO 8859-1");
                return false;
            }

            bytes[i] = (byte)raw[i];
        }

        return TryParse(bytes, out code, out error);
    }

    /// <summary>
    /// Reads a decoded code given as bytes. From v02 on the signature follows the first US. A v01
    /// code has no separator: its binary signature is the last 64, 96 or 132 bytes; the shortest
    /// of these lengths that leaves only 7-bit bytes before it is taken (the signed part is ASCII,
    /// §3.5.2, and a signature whose leading 32 bytes are all below 0x80 is a 1 in 2^32 case).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> raw, [NotNullWhen(true)] out TwoDDocCode? code, [NotNullWhen(false)] out TwoDDocError? error)
    {
        code = null;
        if (raw.IsEmpty)
        {
            error = new TwoDDocError(TwoDDocErrorKind.Empty, 0, null, "no content");
            return false;
        }

        if (raw[0] == 0xDC)
        {
            error = new TwoDDocError(TwoDDocErrorKind.UnsupportedFormat, 0, null, "binary 2D-Doc (marker 0xDC)");
            return false;
        }

        if (raw.Length < 4 || raw[0] != (byte)'D' || raw[1] != (byte)'C')
        {
            error = new TwoDDocError(TwoDDocErrorKind.NotTwoDDoc, 0, null, "no DC marker");
            return false;
        }

        if (!IsDigit(raw[2]) || !IsDigit(raw[3]))
        {
            error = new TwoDDocError(TwoDDocErrorKind.MalformedHeader, 2, null, "the version is not two digits");
            return false;
        }

        var version = ((raw[2] - '0') * 10) + (raw[3] - '0');
        if (version is < 1 or > 4)
        {
            error = new TwoDDocError(TwoDDocErrorKind.UnsupportedVersion, 2, null, $"version {version:00}");
            return false;
        }

        ReadOnlySpan<byte> data;
        byte[] signature;
        var annex = ReadOnlySpan<byte>.Empty;
        var annexOffset = 0;
        if (version == 1)
        {
            if (!TrySplitVersion1(raw, out data, out signature, out error))
            {
                return false;
            }
        }
        else
        {
            var us = raw.IndexOf(US);
            if (us < 0)
            {
                error = new TwoDDocError(TwoDDocErrorKind.MissingSignature, raw.Length, null, "no US before a signature");
                return false;
            }

            data = raw[..us];
            var rest = raw[(us + 1)..];
            var gs = rest.IndexOf(GS);
            var signatureText = gs < 0 ? rest : rest[..gs];
            if (gs >= 0)
            {
                annex = rest[(gs + 1)..];
                annexOffset = us + 1 + gs + 1;
            }

            signatureText = signatureText.TrimEnd("\r\n"u8);
            if (!Base32.TryDecode(signatureText, out signature) || Array.IndexOf(SignatureLengths, signature.Length) < 0)
            {
                error = new TwoDDocError(TwoDDocErrorKind.MalformedSignature, us + 1, null, "the signature is not Base32 of 64, 96 or 132 bytes");
                return false;
            }
        }

        var nonAscii = data.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
        if (nonAscii >= 0)
        {
            error = new TwoDDocError(TwoDDocErrorKind.NonAsciiData, nonAscii, null, "a byte above 0x7F in the signed part");
            return false;
        }

        if (!TryReadHeader(data, version, out var header, out error))
        {
            return false;
        }

        if (header.EffectivePerimeter != "01")
        {
            error = new TwoDDocError(TwoDDocErrorKind.UnsupportedPerimeter, 22, null, $"perimeter {header.Perimeter}");
            return false;
        }

        var headerLength = TwoDDocHeader.LengthOf(version);
        var fields = new List<TwoDDocField>();
        if (!TryReadFields(data[headerLength..], headerLength, fields, out error))
        {
            return false;
        }

        var annexFields = new List<TwoDDocField>();
        if (!annex.IsEmpty && !TryReadFields(annex, annexOffset, annexFields, out _))
        {
            // The annex is not signed and may hold anything: the signed part stays usable.
            annexFields.Clear();
        }

        code = new TwoDDocCode(header, fields, data.ToArray(), signature, annexFields);
        error = null;
        return true;
    }

    private static bool TrySplitVersion1(ReadOnlySpan<byte> raw, out ReadOnlySpan<byte> data, out byte[] signature, [NotNullWhen(false)] out TwoDDocError? error)
    {
        foreach (var length in SignatureLengths)
        {
            var end = raw.Length - length;
            if (end < TwoDDocHeader.LengthOf(1))
            {
                break;
            }

            if (!raw[..end].ContainsAnyInRange((byte)0x80, (byte)0xFF))
            {
                data = raw[..end];
                signature = raw[end..].ToArray();
                error = null;
                return true;
            }
        }

        data = default;
        signature = [];
        error = new TwoDDocError(TwoDDocErrorKind.MissingSignature, raw.Length, null, "no binary signature of 64, 96 or 132 bytes after an ASCII data part");
        return false;
    }

    private static bool TryReadHeader(ReadOnlySpan<byte> data, int version, [NotNullWhen(true)] out TwoDDocHeader? header, [NotNullWhen(false)] out TwoDDocError? error)
    {
        header = null;
        var length = TwoDDocHeader.LengthOf(version);
        if (data.Length < length)
        {
            error = new TwoDDocError(TwoDDocErrorKind.MalformedHeader, data.Length, null, $"a v{version:00} header has {length} characters");
            return false;
        }

        for (var i = 4; i < length; i++)
        {
            if (!IsDigit(data[i]) && !IsUpper(data[i]))
            {
                error = new TwoDDocError(TwoDDocErrorKind.MalformedHeader, i, null, "header characters are [A-Z0-9]");
                return false;
            }
        }

        if (!TryReadDate(data.Slice(12, 4), out var issued) || !TryReadDate(data.Slice(16, 4), out var signed))
        {
            error = new TwoDDocError(TwoDDocErrorKind.MalformedHeader, 12, null, "a date is not 4 hex digits");
            return false;
        }

        var country = version >= 4 ? Ascii(data.Slice(24, 2)) : null;
        if (country is not null && (!IsUpper(data[24]) || !IsUpper(data[25])))
        {
            error = new TwoDDocError(TwoDDocErrorKind.MalformedHeader, 24, null, "the country is 2 letters");
            return false;
        }

        header = new TwoDDocHeader(
            version,
            Ascii(data.Slice(4, 4)),
            Ascii(data.Slice(8, 4)),
            issued,
            signed,
            Ascii(data.Slice(20, 2)),
            version >= 3 ? Ascii(data.Slice(22, 2)) : null,
            country);
        error = null;
        return true;
    }

    private static bool TryReadDate(ReadOnlySpan<byte> hex, out DateOnly? date)
    {
        date = null;
        var days = 0;
        foreach (var b in hex)
        {
            int digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
            {
                return false;
            }

            days = (days * 16) + digit;
        }

        if (days != 0xFFFF)
        {
            date = TwoDDocHeader.Epoch.AddDays(days);
        }

        return true;
    }

    /// <summary>
    /// Reads fields by data identifier (§3.4.1). A fixed-length field takes exactly its length. A
    /// variable-length field runs to GS, to RS (truncated), to its maximum length or to the end.
    /// A GS right after a fixed-length or full-length field is passed over, as issuers write one
    /// before US (the specification's own samples do).
    /// </summary>
    private static bool TryReadFields(ReadOnlySpan<byte> data, int offset, List<TwoDDocField> fields, [NotNullWhen(false)] out TwoDDocError? error)
    {
        var pos = 0;
        while (pos < data.Length)
        {
            if (data.Length - pos < 2 || !IsIdentifierChar(data[pos]) || !IsIdentifierChar(data[pos + 1]))
            {
                error = new TwoDDocError(TwoDDocErrorKind.MalformedField, offset + pos, null, "a data identifier is two characters [0-9A-Z]");
                return false;
            }

            var id = Ascii(data.Slice(pos, 2));
            if (!DataIdentifiers.TryGet(id, out var identifier))
            {
                error = new TwoDDocError(TwoDDocErrorKind.UnsupportedField, offset + pos, id, $"data identifier {id} is not in the perimeter '01' table");
                return false;
            }

            pos += 2;
            var start = pos;
            var truncated = false;
            ReadOnlySpan<byte> value;
            if (identifier.IsFixedLength)
            {
                var length = identifier.MaxLength!.Value;
                if (data.Length - pos < length || data.Slice(pos, length).IndexOfAny(GS, RS) >= 0)
                {
                    error = new TwoDDocError(TwoDDocErrorKind.MalformedField, offset + start, id, $"field {id} has a fixed length of {length}");
                    return false;
                }

                value = data.Slice(pos, length);
                pos += length;
                if (pos < data.Length && data[pos] == RS)
                {
                    error = new TwoDDocError(TwoDDocErrorKind.MalformedField, offset + pos, id, $"field {id} has a fixed length and cannot be truncated");
                    return false;
                }
            }
            else
            {
                var limit = identifier.MaxLength ?? int.MaxValue;
                while (pos < data.Length && pos - start < limit && data[pos] != GS && data[pos] != RS)
                {
                    pos++;
                }

                value = data[start..pos];
                if (pos < data.Length && data[pos] == RS)
                {
                    truncated = true;
                    pos++;
                }
            }

            if (pos < data.Length && data[pos] == GS)
            {
                pos++;
            }

            var control = value.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E);
            if (control >= 0)
            {
                error = new TwoDDocError(TwoDDocErrorKind.MalformedField, offset + start + control, id, $"field {id} holds a control character");
                return false;
            }

            fields.Add(new TwoDDocField(id, Ascii(value), truncated));
        }

        error = null;
        return true;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool IsUpper(byte b) => b is >= (byte)'A' and <= (byte)'Z';

    private static bool IsIdentifierChar(byte b) => IsDigit(b) || IsUpper(b);

    private static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
