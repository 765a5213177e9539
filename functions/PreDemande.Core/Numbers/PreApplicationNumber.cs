using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace PreDemande.Core.Numbers;

/// <summary>
/// The 10-character pre-application number: <c>^[A-Z0-9]{10}$</c>, as every ANTS client checks.
/// Nine characters come from a cryptographic random source; the tenth is a Luhn mod N check
/// character over the same alphabet, so most typing errors are caught before any lookup.
/// The alphabet leaves out I and O: on input they are read as 1 and 0, which is what a person
/// reading a printed number aloud usually meant.
/// </summary>
public static class PreApplicationNumber
{
    public const int Length = 10;
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>A new random number with its check character.</summary>
    public static string New()
    {
        Span<char> chars = stackalloc char[Length];
        RandomNumberGenerator.GetItems(Alphabet.AsSpan(), chars[..(Length - 1)]);
        chars[Length - 1] = CheckCharacter(chars[..(Length - 1)]);
        return new string(chars);
    }

    /// <summary>
    /// Reads a number typed or scanned by a person: surrounding spaces ignored, case-insensitive,
    /// I read as 1 and O as 0. True when the result has the published shape
    /// (<c>^[A-Z0-9]{10}$</c>); <see cref="HasValidCheckCharacter"/> then tells whether it can
    /// be one of ours.
    /// </summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? number)
    {
        number = null;
        var trimmed = input.AsSpan().Trim();
        if (trimmed.Length != Length)
        {
            return false;
        }

        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            var c = char.ToUpperInvariant(trimmed[i]);
            c = c switch { 'O' => '0', 'I' => '1', _ => c };
            if (c is not (>= 'A' and <= 'Z' or >= '0' and <= '9'))
            {
                return false;
            }

            chars[i] = c;
        }

        number = new string(chars);
        return true;
    }

    /// <summary>True when the last character is the check character of the first nine.</summary>
    public static bool HasValidCheckCharacter(string number) =>
        number.Length == Length
        && Alphabet.Contains(number[^1], StringComparison.Ordinal)
        && CheckCharacter(number.AsSpan(0, Length - 1)) == number[^1];

    /// <summary>Groups a number for reading aloud: <c>AB12 CD34 EF</c>.</summary>
    public static string Grouped(string number) =>
        number.Length == Length ? $"{number[..4]} {number[4..8]} {number[8..]}" : number;

    private static char CheckCharacter(ReadOnlySpan<char> payload)
    {
        var n = Alphabet.Length;
        var factor = 2;
        var sum = 0;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var codePoint = Alphabet.IndexOf(payload[i], StringComparison.Ordinal);
            if (codePoint < 0)
            {
                return '\0';
            }

            var addend = factor * codePoint;
            factor = factor == 2 ? 1 : 2;
            sum += (addend / n) + (addend % n);
        }

        return Alphabet[(n - (sum % n)) % n];
    }
}
