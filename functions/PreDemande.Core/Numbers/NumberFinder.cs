namespace PreDemande.Core.Numbers;

/// <summary>
/// Finds pre-application numbers in typed or scanned text. Numbers are separated by
/// <c>, ; : - / .</c>, line breaks or spaces (as booking tools accept); spaces inside a number,
/// as printed on the recap (<c>AB12 CD34 EF</c>), are read through.
/// </summary>
public static class NumberFinder
{
    private static readonly char[] Separators = [',', ';', ':', '-', '/', '.', '\n', '\r', '\t', '|'];

    public static IReadOnlyList<string> Find(string? input, int max)
    {
        var found = new List<string>();
        foreach (var token in (input ?? string.Empty).Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (var candidate in Candidates(token))
            {
                if (PreApplicationNumber.TryNormalize(candidate, out var number) && !found.Contains(number))
                {
                    found.Add(number);
                    if (found.Count == max)
                    {
                        return found;
                    }
                }
            }
        }

        return found;
    }

    // Words of one token, joined while they add up to at most ten characters.
    private static IEnumerable<string> Candidates(string token)
    {
        var words = token.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var current = string.Empty;
        foreach (var word in words)
        {
            if (current.Length + word.Length > PreApplicationNumber.Length)
            {
                if (current.Length > 0)
                {
                    yield return current;
                }

                current = string.Empty;
            }

            current += word;
            if (current.Length == PreApplicationNumber.Length)
            {
                yield return current;
                current = string.Empty;
            }
        }

        if (current.Length > 0)
        {
            yield return current;
        }
    }
}
