namespace PreDemande.Core.Proofs;

/// <summary>
/// Base32 with the RFC 4648 alphabet (A-Z, 2-7), as the 2D-Doc specification uses it for the
/// signature of a code from version 02 on (v3.2.6, §3.5.2 and §10.4). Codes leave out the '='
/// padding; decoding accepts it when present.
/// </summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Encodes bytes without padding.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[((bytes.Length * 8) + 4) / 5];
        var buffer = 0;
        var bits = 0;
        var index = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[index++] = Alphabet[(buffer >> bits) & 31];
            }
        }

        if (bits > 0)
        {
            chars[index++] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(chars, 0, index);
    }

    /// <summary>
    /// Decodes upper-case Base32, with or without trailing '=' padding. Leftover bits that do not
    /// make a whole byte are dropped, as RFC 4648 §6 encodes them as zeros.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> text, out byte[] bytes)
    {
        var length = text.Length;
        while (length > 0 && text[length - 1] == (byte)'=')
        {
            length--;
        }

        bytes = new byte[length * 5 / 8];
        var buffer = 0;
        var bits = 0;
        var index = 0;
        for (var i = 0; i < length; i++)
        {
            var value = text[i] switch
            {
                >= (byte)'A' and <= (byte)'Z' => text[i] - 'A',
                >= (byte)'2' and <= (byte)'7' => text[i] - '2' + 26,
                _ => -1,
            };
            if (value < 0)
            {
                bytes = [];
                return false;
            }

            buffer = ((buffer << 5) | value) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes[index++] = (byte)(buffer >> bits);
            }
        }

        return true;
    }
}
