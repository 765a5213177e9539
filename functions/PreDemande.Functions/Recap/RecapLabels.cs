using System.Globalization;
using PreDemande.Core.Forms;

namespace PreDemande.Functions.Recap;

/// <summary>French wording of the form's coded values, as printed on the recap.</summary>
public static class RecapLabels
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Title(string title) => title switch
    {
        FormValues.Passport => "Passeport",
        FormValues.IdCard => "Carte nationale d'identité",
        _ => title,
    };

    public static string Reason(string? reason, string? renewalCause) => reason switch
    {
        FormValues.First => "Première demande",
        FormValues.Renewal => "Renouvellement" + renewalCause switch
        {
            "expired" => " (titre expiré ou bientôt expiré)",
            "civilStatusChange" => " (changement d'état civil)",
            "addressChange" => " (changement d'adresse)",
            "damaged" => " (titre détérioré)",
            _ => string.Empty,
        },
        FormValues.Loss => "Perte du titre précédent",
        FormValues.Theft => "Vol du titre précédent",
        _ => reason ?? "—",
    };

    public static string Sex(string? sex) => sex switch { "F" => "Féminin", "M" => "Masculin", _ => "—" };

    public static string EyeColour(string? colour) => colour switch
    {
        "brown" => "Marron",
        "blue" => "Bleus",
        "green" => "Verts",
        "grey" => "Gris",
        "hazel" => "Noisette",
        "black" => "Noirs",
        "other" => "Autre",
        _ => "—",
    };

    public static string Nationality(string? basis) => basis switch
    {
        "birth" => "Française, par la naissance",
        "declaration" => "Française, par déclaration",
        "naturalisation" => "Française, par naturalisation",
        "other" => "Française (autre fondement)",
        _ => "Française",
    };

    public static string Capacity(string? capacity) => capacity switch
    {
        "mother" => "Mère",
        "father" => "Père",
        "guardian" => "Tuteur ou tutrice",
        _ => "—",
    };

    public static string Date(string? isoDate) =>
        DateOnly.TryParseExact(isoDate, "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var date) ? date.ToString("dd/MM/yyyy", Invariant) : "—";

    public static string Date(DateTimeOffset instant) => Http.FrenchClock.ToParis(instant).ToString("dd/MM/yyyy", Invariant);

    public static string Place(BirthPlace? place) => place switch
    {
        null => "—",
        { CommuneCode: not null } => $"{place.CommuneName} (code commune {place.CommuneCode})",
        _ => $"{place.City} ({place.CountryCode})",
    };

    public static string Names(IReadOnlyList<string>? names) => names is { Count: > 0 } ? string.Join(", ", names) : "—";

    public static string Euros(int amount) => amount == 0 ? "Gratuit" : $"{amount} €";
}
