using System.Collections.Frozen;

namespace PreDemande.Core.Geography;

/// <summary>One code of the INSEE COG as shipped in communes.tsv (see scripts/generate-communes.mjs).</summary>
public sealed record CommuneEntry(string Code, char Kind, string Name, string Departement, string[] Postcodes);

/// <summary>
/// French communes with their INSEE codes and postcodes, from @etalab/decoupage-administratif.
/// Loaded once, on first use, from the embedded communes.tsv.
/// </summary>
public sealed class Communes
{
    private static readonly Lazy<Communes> Instance = new(Load);

    private readonly FrozenDictionary<string, CommuneEntry[]> _byCode;
    private readonly FrozenDictionary<string, CommuneEntry[]> _byPostcode;
    private readonly Lazy<FrozenDictionary<string, CommuneEntry[]>> _currentByName;

    private Communes(List<CommuneEntry> entries, string source)
    {
        Source = source;
        _byCode = entries.GroupBy(e => e.Code).ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _byPostcode = entries
            .SelectMany(e => e.Postcodes.Select(p => (Postcode: p, Entry: e)))
            .GroupBy(x => x.Postcode)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.Entry).ToArray(), StringComparer.Ordinal);
        _currentByName = new(() => entries
            .Where(e => e.Kind == 'A')
            .GroupBy(e => NameKey(e.Name, e.Departement))
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal));
    }

    public static Communes Default => Instance.Value;

    /// <summary>The data set and its version, from the file header.</summary>
    public string Source { get; }

    public int CodeCount => _byCode.Count;

    /// <summary>Every département (and overseas collectivity) code of the data set, in order.</summary>
    public IReadOnlyList<string> DepartementCodes => _byCode.Values.SelectMany(e => e).Select(e => e.Departement).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<CommuneEntry> ByCode(string code) =>
        _byCode.TryGetValue(code, out var entries) ? entries : [];

    public IReadOnlyList<CommuneEntry> ByPostcode(string postcode) =>
        _byPostcode.TryGetValue(postcode, out var entries) ? entries : [];

    /// <summary>The current communes of that name in that département (names compared as <see cref="PlaceNames.Key"/>); built on first use.</summary>
    public IReadOnlyList<CommuneEntry> CurrentNamed(string name, string departement) =>
        _currentByName.Value.TryGetValue(NameKey(name, departement.Trim().ToUpperInvariant()), out var entries) ? entries : [];

    private static string NameKey(string name, string departement) => PlaceNames.Key(name) + "|" + departement;

    /// <summary>True when <paramref name="name"/> is one of the names known for <paramref name="code"/>.</summary>
    public bool CodeHasName(string code, string name)
    {
        var key = PlaceNames.Key(name);
        return ByCode(code).Any(e => PlaceNames.Key(e.Name) == key);
    }

    /// <summary>True when a commune (or a former commune now part of one) with that name has that postcode.</summary>
    public bool PostcodeHasCity(string postcode, string city)
    {
        var key = PlaceNames.Key(PlaceNames.WithoutCedex(city));
        return ByPostcode(postcode).Any(e => PlaceNames.Key(e.Name) == key || PlaceNames.Key(ShortArrondissementName(e)) == key);
    }

    // "Paris 11e Arrondissement" is commonly written "Paris 11".
    private static string ShortArrondissementName(CommuneEntry e) =>
        e.Kind == 'M' ? e.Name.Replace("e Arrondissement", string.Empty, StringComparison.Ordinal).Replace("er Arrondissement", string.Empty, StringComparison.Ordinal) : e.Name;

    private static Communes Load()
    {
        using var stream = typeof(Communes).Assembly.GetManifestResourceStream("PreDemande.Core.communes.tsv")
            ?? throw new InvalidOperationException("communes.tsv is not embedded in PreDemande.Core");
        using var reader = new StreamReader(stream);
        var header = reader.ReadLine() ?? string.Empty;
        var entries = new List<CommuneEntry>(42_000);
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split('\t');
            if (parts.Length != 5)
            {
                throw new InvalidDataException($"communes.tsv: malformed line '{line}'");
            }

            var postcodes = parts[4].Length == 0 ? [] : parts[4].Split(' ');
            entries.Add(new CommuneEntry(parts[0], parts[1][0], parts[2], parts[3], postcodes));
        }

        return new Communes(entries, header.TrimStart('#', ' ').Split(':')[0]);
    }
}
