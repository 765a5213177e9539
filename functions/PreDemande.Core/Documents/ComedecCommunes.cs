namespace PreDemande.Core.Documents;

/// <summary>
/// The communes whose civil-status registers are exchanged electronically with the titles'
/// instruction (COMEDEC), as ANTS publishes them ("Villes adhérentes à la dématérialisation"),
/// by INSEE code, with the date of the published list. An applicant born in one of them brings
/// no birth certificate: the instruction asks the commune for it.
/// </summary>
public sealed class ComedecCommunes
{
    private readonly HashSet<string> _codes;

    public ComedecCommunes(DateOnly publishedOn, IEnumerable<string> codes)
    {
        PublishedOn = publishedOn;
        _codes = new HashSet<string>(codes, StringComparer.Ordinal);
    }

    /// <summary>The date of the published list this one was loaded from.</summary>
    public DateOnly PublishedOn { get; }

    public int Count => _codes.Count;

    public IEnumerable<string> Codes => _codes;

    /// <summary>
    /// True when the birth commune is on the list. A birth code of a municipal arrondissement of
    /// Paris, Lyon or Marseille counts as its commune (the list names the commune).
    /// </summary>
    public bool Contains(string? communeCode) =>
        communeCode is not null && (_codes.Contains(communeCode) || (CommuneOfArrondissement(communeCode) is { } commune && _codes.Contains(commune)));

    /// <summary>The INSEE code of the commune of a municipal arrondissement (75101-75120, 69381-69389, 13201-13216), or null.</summary>
    public static string? CommuneOfArrondissement(string code) => code switch
    {
        { Length: 5 } when string.CompareOrdinal(code, "75101") >= 0 && string.CompareOrdinal(code, "75120") <= 0 => "75056",
        { Length: 5 } when string.CompareOrdinal(code, "69381") >= 0 && string.CompareOrdinal(code, "69389") <= 0 => "69123",
        { Length: 5 } when string.CompareOrdinal(code, "13201") >= 0 && string.CompareOrdinal(code, "13216") <= 0 => "13055",
        _ => null,
    };
}
