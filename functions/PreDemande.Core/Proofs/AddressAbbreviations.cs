using System.Collections.Frozen;

namespace PreDemande.Core.Proofs;

/// <summary>
/// Abbreviations a 2D-Doc address may use, and that applicants type. The specification (v3.2.6
/// §11.2) follows the AFNOR address standard and lists the way types it abbreviates (§11.2.2) and
/// the other words (§11.2.3); every other way type is cut to its first 4 letters (CHEMIN: CHEM).
/// A few usual postal abbreviations that the specification does not list (CHE, CRS, FG, …) are
/// accepted too, since a form or an older bill may use them.
/// </summary>
public static class AddressAbbreviations
{
    /// <summary>Way types, v3.2.6 §11.2.2.</summary>
    private static readonly (string Abbreviation, string Word)[] WayTypes =
    [
        ("ALL", "ALLEE"), ("AV", "AVENUE"), ("BD", "BOULEVARD"), ("CTRE", "CENTRE"),
        ("CCAL", "CENTRE COMMERCIAL"), ("IMM", "IMMEUBLE"), ("IMM", "IMMEUBLES"), ("IMP", "IMPASSE"),
        ("LD", "LIEU DIT"), ("LOT", "LOTISSEMENT"), ("PAS", "PASSAGE"), ("PL", "PLACE"),
        ("RES", "RESIDENCE"), ("RPT", "ROND POINT"), ("RTE", "ROUTE"), ("SQ", "SQUARE"),
        ("VLGE", "VILLAGE"), ("ZA", "ZONE D ACTIVITE"), ("ZI", "ZONE INDUSTRIELLE"),
        ("ZAC", "ZONE D AMENAGEMENT CONCERTE"), ("ZAD", "ZONE D AMENAGEMENT DIFFERE"),
    ];

    /// <summary>Other words, v3.2.6 §11.2.3 (one-letter ones, BIS, TER and the like, are handled with house numbers).</summary>
    private static readonly (string Abbreviation, string Word)[] OtherWords =
    [
        ("ADJ", "ADJUDANT"), ("AERD", "AERODROME"), ("AERG", "AEROGARE"), ("AERN", "AERONAUTIQUE"),
        ("AERP", "AEROPORT"), ("AGCE", "AGENCE"), ("AGRIC", "AGRICOLE"), ("ANC", "ANCIEN"), ("ANC", "ANCIENNEMENT"),
        ("APP", "APPARTEMENT"), ("APP", "APPARTEMENTS"), ("ARMT", "ARMEMENT"), ("ARR", "ARRONDISSEMENT"),
        ("ASP", "ASPIRANT"), ("ASSOC", "ASSOCIATION"), ("ASSUR", "ASSURANCE"), ("AT", "ATELIER"),
        ("BRQ", "BARAQUEMENT"), ("BAS", "BASSE"), ("BAS", "BASSES"), ("BTN", "BATAILLON"), ("BTN", "BATAILLONS"),
        ("BAT", "BATIMENT"), ("BAT", "BATIMENTS"), ("BP", "BOITE POSTALE"), ("CAB", "CABINET"),
        ("CANT", "CANTON"), ("CDL", "CARDINAL"), ("CP", "CASE POSTALE"), ("CHBR", "CHAMBRE"),
        ("CTD", "CITADELLE"), ("COLL", "COLLEGE"), ("CNL", "COLONEL"), ("COLO", "COLONIE"),
        ("CTE", "COMITE"), ("CDT", "COMMANDANT"), ("CIAL", "COMMERCIAL"), ("COMM", "COMMUNE"),
        ("COMM", "COMMUNAL"), ("COMM", "COMMUNAUX"), ("CIE", "COMPAGNIE"), ("COMP", "COMPAGNON"),
        ("COMP", "COMPAGNONS"), ("COOP", "COOPERATIVE"), ("CS", "COURSE SPECIALE"), ("CRX", "CROIX"),
        ("DELEG", "DELEGATION"), ("DEP", "DEPARTEMENTAL"), ("DEP", "DEPARTEMENTAUX"), ("DIR", "DIRECTEUR"),
        ("DIR", "DIRECTION"), ("DIV", "DIVISION"), ("DR", "DOCTEUR"), ("ECO", "ECONOMIE"), ("ECO", "ECONOMIQUE"),
        ("ECRIV", "ECRIVAIN"), ("ECRIV", "ECRIVAINS"), ("ENST", "ENSEIGNEMENT"), ("ENS", "ENSEMBLE"),
        ("ENT", "ENTREE"), ("ENT", "ENTREES"), ("ENTR", "ENTREPRISE"), ("EP", "EPOUX"), ("EP", "EPOUSE"),
        ("ETS", "ETABLISSEMENT"), ("ETG", "ETAGE"), ("EM", "ETAT MAJOR"), ("EVQ", "EVEQUE"), ("FAC", "FACULTE"),
        ("FOR", "FORET"), ("FOR", "FORESTIER"), ("FR", "FRANCAIS"), ("FR", "FRANCAISE"), ("FUS", "FUSILIER"),
        ("GEND", "GENDARMERIE"), ("GAL", "GENERAL"), ("GOUV", "GOUVERNEMENTAL"), ("GOU", "GOUVERNEUR"),
        ("GD", "GRAND"), ("GDE", "GRANDE"), ("GDES", "GRANDES"), ("GDS", "GRANDS"), ("HT", "HAUT"),
        ("HTE", "HAUTE"), ("HTES", "HAUTES"), ("HTS", "HAUTS"), ("HOP", "HOPITAL"), ("HOP", "HOPITAUX"),
        ("HOSP", "HOSPICE"), ("HOSP", "HOSPITALIER"), ("HOT", "HOTEL"), ("INFANT", "INFANTERIE"),
        ("INF", "INFERIEUR"), ("INF", "INFERIEURE"), ("ING", "INGENIEUR"), ("INSP", "INSPECTEUR"),
        ("INST", "INSTITUT"), ("INTERN", "INTERNATIONAL"), ("INTERN", "INTERNATIONALE"), ("LABO", "LABORATOIRE"),
        ("LT", "LIEUTENANT"), ("LTDV", "LIEUTENANT DE VAISSEAU"), ("MME", "MADAME"), ("MLLE", "MADEMOISELLE"),
        ("MAG", "MAGASIN"), ("MAIS", "MAISON"), ("ME", "MAITRE"), ("MAL", "MARECHAL"), ("MAR", "MARITIME"),
        ("MED", "MEDECIN"), ("MED", "MEDICAL"), ("MMES", "MESDAMES"), ("MLLES", "MESDEMOISELLES"),
        ("MM", "MESSIEURS"), ("MIL", "MILITAIRE"), ("MIN", "MINISTERE"), ("MGR", "MONSEIGNEUR"),
        ("M", "MONSIEUR"), ("MUN", "MUNICIPAL"), ("MUT", "MUTUEL"), ("NAL", "NATIONAL"), ("ND", "NOTRE DAME"),
        ("NOUV", "NOUVEAU"), ("NOUV", "NOUVELLE"), ("OBS", "OBSERVATOIRE"), ("PAST", "PASTEUR"), ("PT", "PETIT"),
        ("PTE", "PETITE"), ("PTES", "PETITES"), ("PTS", "PETITS"), ("POL", "POLICE"), ("PREF", "PREFET"),
        ("PREF", "PREFECTURE"), ("PDT", "PRESIDENT"), ("PR", "PROFESSEUR"), ("PROF", "PROFESSIONNEL"),
        ("PROF", "PROFESSIONNELLE"), ("PROL", "PROLONGE"), ("PROL", "PROLONGEE"), ("PROP", "PROPRIETE"),
        ("RECT", "RECTEUR"), ("RGT", "REGIMENT"), ("REG", "REGIONAL"), ("REG", "REGIONALE"), ("REP", "REPUBLIQUE"),
        ("REST", "RESTAURANT"), ("ST", "SAINT"), ("STE", "SAINTE"), ("STES", "SAINTES"), ("STS", "SAINTS"),
        ("SANA", "SANATORIUM"), ("SGT", "SERGENT"), ("SCE", "SERVICE"), ("SOC", "SOCIETE"), ("SC", "SOUS COUVERT"),
        ("SPREF", "SOUS PREFET"), ("SPREF", "SOUS PREFECTURE"), ("SUP", "SUPERIEUR"), ("SUP", "SUPERIEURE"),
        ("SYND", "SYNDICAT"), ("TECH", "TECHNICIEN"), ("TECH", "TECHNIQUE"), ("TSA", "TRI SERVICE ARMEE"),
        ("TUN", "TUNNEL"), ("UNVT", "UNIVERSITAIRE"), ("UNIV", "UNIVERSITE"), ("VELOD", "VELODROME"),
        ("VVE", "VEUVE"), ("VIEL", "VIEILLE"), ("VIEL", "VIEILLES"), ("VX", "VIEUX"),
    ];

    /// <summary>Usual postal abbreviations beyond the specification's tables.</summary>
    private static readonly (string Abbreviation, string Word)[] Usual =
    [
        ("CHE", "CHEMIN"), ("CRS", "COURS"), ("FG", "FAUBOURG"), ("FBG", "FAUBOURG"), ("QUA", "QUARTIER"),
        ("PROM", "PROMENADE"), ("HAM", "HAMEAU"), ("ESP", "ESPLANADE"), ("MTE", "MONTEE"), ("PTE", "PORTE"),
        ("TRAV", "TRAVERSE"), ("VLA", "VILLA"), ("SEN", "SENTIER"), ("CAR", "CARREFOUR"), ("PARV", "PARVIS"),
        ("CHS", "CHAUSSEE"), ("CC", "CENTRE COMMERCIAL"), ("BLD", "BOULEVARD"), ("BVD", "BOULEVARD"),
        ("AVE", "AVENUE"), ("PLE", "PLACE"), ("RPT", "ROND POINT"), ("ESC", "ESCALIER"),
    ];

    /// <summary>Each abbreviation's words, multi-word ones joined without spaces (see <see cref="Phrases"/>).</summary>
    private static readonly FrozenDictionary<string, string[]> Expansions = WayTypes.Concat(OtherWords).Concat(Usual)
        .GroupBy(pair => pair.Abbreviation, StringComparer.Ordinal)
        .ToFrozenDictionary(group => group.Key, group => group.Select(pair => pair.Word.Replace(" ", string.Empty, StringComparison.Ordinal)).Distinct().ToArray(), StringComparer.Ordinal);

    /// <summary>The multi-word expansions, as token lists, longest first, to be joined into one token before comparing.</summary>
    internal static readonly string[][] Phrases = [.. WayTypes.Concat(OtherWords).Concat(Usual)
        .Select(pair => pair.Word)
        .Where(word => word.Contains(' ', StringComparison.Ordinal))
        .Distinct(StringComparer.Ordinal)
        .Select(word => word.Split(' '))
        .OrderByDescending(words => words.Length)];

    /// <summary>The words an abbreviation stands for (multi-word ones without spaces), or none.</summary>
    public static IReadOnlyList<string> Expand(string abbreviation) =>
        Expansions.TryGetValue(abbreviation, out var words) ? words : [];
}
