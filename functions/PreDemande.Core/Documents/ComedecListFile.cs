using PreDemande.Core.Geography;

namespace PreDemande.Core.Documents;

/// <summary>The communes read from a list file, and the lines that named none.</summary>
public sealed record ComedecListReading(IReadOnlyList<string> Codes, IReadOnlyList<string> Unresolved);

/// <summary>
/// Reads the operator's COMEDEC list file: one commune a line, as an INSEE code (<c>75056</c>)
/// or as the name and département that ANTS's page gives (<c>Saint-Malo;35</c>), separated by
/// <c>;</c>, <c>,</c> or a tab. Names are resolved to current communes through the app's COG
/// data (<see cref="Communes"/>); a header line, blank lines and <c>#</c> comments are skipped.
/// A code the COG does not know, or a name it cannot resolve to exactly one commune, is reported
/// as unresolved, never guessed.
/// </summary>
public static class ComedecListFile
{
    /// <summary>More lines than France has communes: not a list of communes.</summary>
    public const int MaxLines = 40_000;

    public static ComedecListReading Parse(string text, Communes communes)
    {
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        var unresolved = new List<string>();
        var lines = text.Split('\n');
        if (lines.Length > MaxLines)
        {
            throw new InvalidDataException($"The list has {lines.Length} lines; at most {MaxLines}.");
        }

        var first = true;
        foreach (var raw in lines)
        {
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split([';', ',', '\t']).Select(f => f.Trim().Trim('"').Trim()).Where(f => f.Length > 0).ToArray();
            var header = first && fields.Length > 0 && !IsCode(fields[0]) && fields.Any(f => f.Contains("code", StringComparison.OrdinalIgnoreCase) || f.Contains("commune", StringComparison.OrdinalIgnoreCase) || f.Contains("nom", StringComparison.OrdinalIgnoreCase) || f.Contains("ville", StringComparison.OrdinalIgnoreCase));
            first = false;
            if (header)
            {
                continue;
            }

            if (Resolve(fields, communes) is { } code)
            {
                codes.Add(code);
            }
            else
            {
                unresolved.Add(line);
            }
        }

        return new ComedecListReading(codes.ToArray(), unresolved);
    }

    private static string? Resolve(string[] fields, Communes communes)
    {
        if (fields.Length >= 1 && IsCode(fields[0]))
        {
            var code = fields[0].ToUpperInvariant();
            return communes.ByCode(code).Any(e => e.Kind == 'A') ? code : null;
        }

        if (fields.Length != 2)
        {
            return null;
        }

        var departement = fields[1].ToUpperInvariant();
        if (departement.Length == 1 && char.IsAsciiDigit(departement[0]))
        {
            departement = "0" + departement;
        }

        var named = communes.CurrentNamed(fields[0], departement);
        return named.Count == 1 ? named[0].Code : null;
    }

    private static bool IsCode(string field) =>
        field.Length == 5 && (field.All(char.IsAsciiDigit) || (field[0] == '2' && field[1] is 'A' or 'B' or 'a' or 'b' && field[2..].All(char.IsAsciiDigit)));
}
