using PreDemande.Core.Text;

namespace PreDemande.Core.Proofs;

/// <summary>
/// Compares the holder and address of a proof of address with the form. Both sides are brought
/// to the specification's address alphabet (v3.2.6 §11.2: capitals without diacritics, A-Z, 0-9
/// and spaces, one space between words). Streets and towns then allow for what §11.2 lets an
/// issuer do to fit 38 characters: abbreviations (§11.2.2, §11.2.3), given names cut to their
/// initial, articles dropped, words cut short, and a field truncated with RS; the last word of a
/// street is never abbreviated (§11.2), so it must be equal. Names are compared whole, as §11.2
/// forbids abbreviating them.
/// </summary>
public static class ProofComparer
{
    private static readonly HashSet<string> Articles = new(["LE", "LA", "LES", "L", "DE", "DU", "DES", "D", "AU", "AUX"], StringComparer.Ordinal);

    private static readonly HashSet<string> Titles = new(
        ["M", "MR", "MME", "MLLE", "MM", "MMES", "MLLES", "MONSIEUR", "MADAME", "MADEMOISELLE", "MESSIEURS", "MESDAMES", "DR", "DOCTEUR", "ME", "MAITRE", "PR", "PROFESSEUR", "ET"],
        StringComparer.Ordinal);

    private static readonly Dictionary<string, string> NumberSuffixes = new(StringComparer.Ordinal)
    {
        ["B"] = "B", ["BIS"] = "B", ["T"] = "T", ["TER"] = "T", ["Q"] = "Q", ["QUATER"] = "Q", ["C"] = "C", ["QUINQUIES"] = "C",
    };

    /// <summary>Compares a parsed code with the form.</summary>
    public static ProofComparison Compare(TwoDDocCode code, DeclaredHolder form) => Compare(ProofOfAddress.From(code), form);

    /// <summary>Compares a proof's fields with the form.</summary>
    public static ProofComparison Compare(ProofOfAddress proof, DeclaredHolder form)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(form);
        var (surname, givenNames) = CompareName(proof, form);
        return new ProofComparison(
            surname,
            givenNames,
            CompareAddressText(proof.Street, form.StreetLine, isStreet: true),
            ComparePostcode(proof.Postcode, form.Postcode),
            CompareAddressText(proof.City, form.City, isStreet: false));
    }

    /// <summary>Capitals without diacritics, A-Z 0-9 and single spaces, as the specification writes addresses.</summary>
    public static string Normalise(string? value) =>
        value is null ? string.Empty : string.Join(' ', Words(value));

    private static string[] Words(string value) =>
        LatinText.FoldToAsciiUpper(value).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static FieldMatch ComparePostcode(string? code, string? form)
    {
        var codeValue = Normalise(code).Replace(" ", string.Empty, StringComparison.Ordinal);
        var formValue = Normalise(form).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (codeValue.Length == 0 || formValue.Length == 0)
        {
            return FieldMatch.Absent;
        }

        return codeValue == formValue ? FieldMatch.Matches : FieldMatch.Differs;
    }

    private static (FieldMatch Surname, FieldMatch GivenNames) CompareName(ProofOfAddress proof, DeclaredHolder form)
    {
        var formSurnames = new[] { form.Surname, form.UsageName }
            .Select(name => Words(name ?? string.Empty))
            .Where(words => words.Length > 0)
            .ToArray();
        var formGiven = (form.GivenNames ?? []).Select(Words).Where(words => words.Length > 0).ToArray();

        string[]? codeSurname;
        string[]? codeGiven;
        if (proof.Surname is not null || proof.GivenNames is not null)
        {
            codeSurname = NonEmpty(Words(proof.Surname ?? string.Empty));
            codeGiven = NonEmpty(Words(proof.GivenNames ?? string.Empty));
        }
        else if (proof.NameLine is { } line && line.Split('/') is { Length: >= 3 } parts)
        {
            // Title / surname / given names, in that order (§7.1, DI 10).
            codeSurname = NonEmpty(Words(parts[1]));
            codeGiven = NonEmpty(Words(parts[2]));
        }
        else if (proof.NameLine is { } unstructured)
        {
            // No separators, or only some: titles first, then the surname and given names in either order.
            return CompareUnstructuredName(Words(unstructured).SkipWhile(Titles.Contains).ToArray(), formSurnames, formGiven);
        }
        else
        {
            return (FieldMatch.Absent, FieldMatch.Absent);
        }

        var surname = codeSurname is null || formSurnames.Length == 0
            ? FieldMatch.Absent
            : formSurnames.Any(words => words.SequenceEqual(codeSurname)) ? FieldMatch.Matches : FieldMatch.Differs;
        var given = codeGiven is null || formGiven.Length == 0
            ? FieldMatch.Absent
            : IsLeadingGivenNames(codeGiven, formGiven) ? FieldMatch.Matches : FieldMatch.Differs;
        return (surname, given);
    }

    /// <summary>
    /// A name line without separators ("M DUPONT JEAN PIERRE" or "JEAN DUPONT"): the surname must
    /// appear as a whole; the given names are what is left, which must hold the first given name.
    /// </summary>
    private static (FieldMatch Surname, FieldMatch GivenNames) CompareUnstructuredName(string[] words, string[][] formSurnames, string[][] formGiven)
    {
        if (words.Length == 0)
        {
            return (FieldMatch.Absent, FieldMatch.Absent);
        }

        var rest = words;
        var surname = FieldMatch.Absent;
        if (formSurnames.Length > 0)
        {
            surname = FieldMatch.Differs;
            foreach (var candidate in formSurnames)
            {
                var at = IndexOf(words, candidate);
                if (at >= 0)
                {
                    surname = FieldMatch.Matches;
                    rest = [.. words[..at], .. words[(at + candidate.Length)..]];
                    break;
                }
            }
        }

        if (formGiven.Length == 0 || (surname == FieldMatch.Matches && rest.Length == 0))
        {
            return (surname, FieldMatch.Absent);
        }

        return (surname, IndexOf(rest, formGiven[0]) >= 0 ? FieldMatch.Matches : FieldMatch.Differs);
    }

    /// <summary>The code's given names are the form's first one, or first few, in order.</summary>
    private static bool IsLeadingGivenNames(string[] code, string[][] form)
    {
        var flattened = new List<string>();
        foreach (var name in form)
        {
            flattened.AddRange(name);
            if (flattened.Count == code.Length && flattened.SequenceEqual(code))
            {
                return true;
            }

            if (flattened.Count >= code.Length)
            {
                return false;
            }
        }

        return false;
    }

    private static FieldMatch CompareAddressText(TwoDDocField? code, string? form, bool isStreet)
    {
        var codeWords = AddressWords(code?.Value, isStreet);
        var formWords = AddressWords(form, isStreet);
        if (codeWords.Count == 0 || formWords.Count == 0)
        {
            return FieldMatch.Absent;
        }

        var truncated = code!.Truncated;
        if (truncated ? codeWords.Count > formWords.Count : codeWords.Count != formWords.Count)
        {
            return FieldMatch.Differs;
        }

        for (var i = 0; i < codeWords.Count; i++)
        {
            var last = i == codeWords.Count - 1;
            var same = truncated && last
                ? formWords[i].StartsWith(codeWords[i], StringComparison.Ordinal) || SameWord(codeWords[i], formWords[i])
                : last ? codeWords[i] == formWords[i] : SameWord(codeWords[i], formWords[i]);
            if (!same)
            {
                return FieldMatch.Differs;
            }
        }

        return FieldMatch.Matches;
    }

    /// <summary>
    /// Words of a street or town for comparison: "7BIS" is split into number and suffix, BIS / TER /
    /// QUATER / QUINQUIES after a number become B / T / Q / C, a series of numbers keeps its first
    /// one (§11.2: "15 pour 15/17"), multi-word phrases that have an abbreviation become one word,
    /// articles go, and a town loses a trailing CEDEX and its number.
    /// </summary>
    private static List<string> AddressWords(string? value, bool isStreet)
    {
        var words = new List<string>();
        foreach (var word in Words(value ?? string.Empty))
        {
            var digits = 0;
            while (digits < word.Length && char.IsAsciiDigit(word[digits]))
            {
                digits++;
            }

            if (digits > 0 && digits < word.Length)
            {
                words.Add(word[..digits]);
                words.Add(word[digits..]);
            }
            else
            {
                words.Add(word);
            }
        }

        if (isStreet && words.Count > 0 && IsNumber(words[0]))
        {
            while (words.Count > 1 && IsNumber(words[1]))
            {
                words.RemoveAt(1);
            }

            if (words.Count > 1 && NumberSuffixes.TryGetValue(words[1], out var suffix))
            {
                words[1] = suffix;
            }
        }

        if (!isStreet)
        {
            var cedex = words.LastIndexOf("CEDEX");
            if (cedex > 0 && (cedex == words.Count - 1 || (cedex == words.Count - 2 && IsNumber(words[^1]))))
            {
                words.RemoveRange(cedex, words.Count - cedex);
            }
        }

        return [.. JoinPhrases(words).Where(word => !Articles.Contains(word))];
    }

    private static List<string> JoinPhrases(List<string> words)
    {
        var joined = new List<string>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            var phrase = AddressAbbreviations.Phrases.FirstOrDefault(p => i + p.Length <= words.Count && p.SequenceEqual(words.GetRange(i, p.Length)));
            if (phrase is null)
            {
                joined.Add(words[i]);
            }
            else
            {
                joined.Add(string.Concat(phrase));
                i += phrase.Length - 1;
            }
        }

        return joined;
    }

    /// <summary>
    /// Same word, an abbreviation of it (either way), an initial of it (§11.2.1 cuts given names
    /// to their initial), or its first letters when at least 4 are kept (§11.2.2 cuts way types to 4).
    /// </summary>
    private static bool SameWord(string a, string b)
    {
        if (a == b || AddressAbbreviations.Expand(a).Contains(b) || AddressAbbreviations.Expand(b).Contains(a))
        {
            return true;
        }

        if (IsNumber(a) || IsNumber(b))
        {
            return false;
        }

        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        return (shorter.Length == 1 && longer.Length > 1 && longer[0] == shorter[0])
            || (shorter.Length >= 4 && longer.StartsWith(shorter, StringComparison.Ordinal));
    }

    private static bool IsNumber(string word) => word.Length > 0 && word.All(char.IsAsciiDigit);

    private static string[]? NonEmpty(string[] words) => words.Length == 0 ? null : words;

    private static int IndexOf(string[] words, string[] sequence)
    {
        for (var i = 0; i + sequence.Length <= words.Length; i++)
        {
            if (words.AsSpan(i, sequence.Length).SequenceEqual(sequence))
            {
                return i;
            }
        }

        return -1;
    }
}
