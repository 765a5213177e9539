using System.Text;

namespace PreDemande.Core.Text;

/// <summary>
/// Accent handling without ICU: the app runs with invariant globalization (smaller, faster
/// start), where <see cref="string.Normalize()"/> does not compose or decompose. Covers the
/// Latin-1 letters and Œ/Ÿ, which is what French names and place names use.
/// </summary>
public static class LatinText
{
    private const string Precomposed = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿŸ";
    private const string BaseLetters = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYyyY";
    private const string Marks = "\u0300\u0301\u0302\u0303\u0308\u030A\u0300\u0301\u0302\u0303\u0308\u030A\u0327\u0327\u0300\u0301\u0302\u0308\u0300\u0301\u0302\u0308\u0300\u0301\u0302\u0308\u0300\u0301\u0302\u0308\u0303\u0303\u0300\u0301\u0302\u0303\u0308\u0300\u0301\u0302\u0303\u0308\u0300\u0301\u0302\u0308\u0300\u0301\u0302\u0308\u0301\u0301\u0308\u0308";

    /// <summary>Composes a letter followed by a combining accent (as some keyboards send it) into one character.</summary>
    public static string Compose(string value)
    {
        if (!value.Any(IsCombiningMark))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (IsCombiningMark(c) && builder.Length > 0 && TryCompose(builder[^1], c, out var composed))
            {
                builder[^1] = composed;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Upper-case ASCII letters and digits, accents removed, Œ/Æ spelled OE/AE, everything else a space.</summary>
    public static string FoldToAsciiUpper(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in Compose(value))
        {
            var index = Precomposed.IndexOf(c, StringComparison.Ordinal);
            var folded = c switch
            {
                'œ' or 'Œ' => "OE",
                'æ' or 'Æ' => "AE",
                'ß' => "SS",
                _ when index >= 0 => BaseLetters[index].ToString(),
                _ when char.IsAsciiLetterOrDigit(c) => c.ToString(),
                _ when IsCombiningMark(c) => string.Empty,
                _ => " ",
            };
            builder.Append(folded.ToUpperInvariant());
        }

        return builder.ToString();
    }

    private static bool IsCombiningMark(char c) => c is >= '\u0300' and <= '\u036F';

    private static bool TryCompose(char letter, char mark, out char composed)
    {
        for (var i = 0; i < Precomposed.Length; i++)
        {
            if (BaseLetters[i] == letter && Marks[i] == mark)
            {
                composed = Precomposed[i];
                return true;
            }
        }

        composed = letter;
        return false;
    }
}
