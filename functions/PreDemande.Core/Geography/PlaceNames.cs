using PreDemande.Core.Text;

namespace PreDemande.Core.Geography;

/// <summary>
/// Compares place names the way people write them: case, accents, hyphens and apostrophes
/// ignored, "ST"/"STE" read as "SAINT"/"SAINTE".
/// </summary>
public static class PlaceNames
{
    public static string Key(string name)
    {
        var words = LatinText.FoldToAsciiUpper(name).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w switch { "ST" => "SAINT", "STE" => "SAINTE", _ => w });
        return string.Join(' ', words);
    }

    /// <summary>"LYON CEDEX 03" names the commune "LYON".</summary>
    public static string WithoutCedex(string city)
    {
        var index = city.IndexOf(" CEDEX", StringComparison.OrdinalIgnoreCase);
        return index > 0 ? city[..index] : city;
    }
}
