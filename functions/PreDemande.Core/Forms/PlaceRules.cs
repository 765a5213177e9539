using System.Text.RegularExpressions;
using PreDemande.Core.Geography;

namespace PreDemande.Core.Forms;

/// <summary>Places: birth place (French commune or abroad) and postal address, checked against the INSEE/La Poste data.</summary>
public sealed partial class PlaceRules(Communes communes)
{
    public BirthPlace? BirthPlaceOf(BirthPlace? place, string path, ValidationErrors errors, bool required)
    {
        if (place is null)
        {
            if (required)
            {
                errors.Add(path, FieldRules.Required);
            }

            return null;
        }

        var inFrance = place.CommuneCode is not null || place.CommuneName is not null;
        var abroad = place.CountryCode is not null || place.City is not null;
        if (inFrance == abroad)
        {
            errors.Add(path, "Renseigner soit communeCode et communeName (naissance en France), soit countryCode et city (naissance à l'étranger).");
            return null;
        }

        return inFrance ? Commune(place, path, errors) : Abroad(place, path, errors);
    }

    private BirthPlace Commune(BirthPlace place, string path, ValidationErrors errors)
    {
        var code = FieldRules.Clean(place.CommuneCode)?.ToUpperInvariant();
        var name = FieldRules.Text(place.CommuneName, $"{path}.communeName", FieldLimits.CityLength, errors);
        if (string.IsNullOrEmpty(code))
        {
            errors.Add($"{path}.communeCode", FieldRules.Required);
        }
        else if (!CommuneCodePattern().IsMatch(code))
        {
            errors.Add($"{path}.communeCode", code.StartsWith("99", StringComparison.Ordinal)
                ? "Naissance à l'étranger : renseigner countryCode et city au lieu d'un code 99xxx."
                : "Code INSEE de commune à 5 caractères (2A/2B pour la Corse), différent du code postal.");
        }
        else if (communes.ByCode(code).Count == 0)
        {
            errors.Add($"{path}.communeCode", communes.ByPostcode(code).Count > 0
                ? "Ceci ressemble à un code postal : indiquer le code INSEE de la commune."
                : "Code de commune inconnu.");
        }
        else if (name is not null && !communes.CodeHasName(code, name))
        {
            errors.Add($"{path}.communeName", $"Ne correspond pas à la commune de code {code} ({communes.ByCode(code)[0].Name}).");
        }

        return new BirthPlace { CommuneCode = code, CommuneName = name };
    }

    private static BirthPlace Abroad(BirthPlace place, string path, ValidationErrors errors)
    {
        var country = FieldRules.Clean(place.CountryCode)?.ToUpperInvariant();
        if (string.IsNullOrEmpty(country))
        {
            errors.Add($"{path}.countryCode", FieldRules.Required);
        }
        else if (country == Countries.France)
        {
            errors.Add($"{path}.countryCode", "Naissance en France : renseigner communeCode et communeName.");
        }
        else if (!Countries.IsKnown(country))
        {
            errors.Add($"{path}.countryCode", "Code pays ISO 3166-1 à deux lettres inconnu.");
        }

        var city = FieldRules.Text(place.City, $"{path}.city", FieldLimits.CityLength, errors);
        return new BirthPlace { CountryCode = country, City = city };
    }

    public Address? Address(Address? address, ValidationErrors errors)
    {
        if (address is null)
        {
            errors.Add("address", FieldRules.Required);
            return null;
        }

        var country = FieldRules.Clean(address.CountryCode)?.ToUpperInvariant() ?? Countries.France;
        if (!Countries.IsKnown(country))
        {
            errors.Add("address.countryCode", "Code pays ISO 3166-1 à deux lettres inconnu.");
        }

        var line1 = FieldRules.Text(address.Line1, "address.line1", FieldLimits.AddressLineLength, errors);
        var line2 = FieldRules.Text(address.Line2, "address.line2", FieldLimits.AddressLineLength, errors, required: false);
        var city = FieldRules.Text(address.City, "address.city", FieldLimits.CityLength, errors);
        var postcode = FieldRules.Clean(address.Postcode);
        if (country == Countries.France)
        {
            CheckFrenchPostcode(postcode, city, errors);
        }
        else if (postcode is { Length: > FieldLimits.ForeignPostcodeLength })
        {
            errors.Add("address.postcode", $"{FieldLimits.ForeignPostcodeLength} caractères au plus.");
        }

        return new Address { Line1 = line1, Line2 = line2, Postcode = string.IsNullOrEmpty(postcode) ? null : postcode, City = city, CountryCode = country };
    }

    private void CheckFrenchPostcode(string? postcode, string? city, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(postcode))
        {
            errors.Add("address.postcode", FieldRules.Required);
        }
        else if (!PostcodePattern().IsMatch(postcode))
        {
            errors.Add("address.postcode", "Code postal à 5 chiffres.");
        }
        else if (communes.ByPostcode(postcode).Count == 0)
        {
            errors.Add("address.postcode", "Code postal inconnu.");
        }
        else if (city is not null && !communes.PostcodeHasCity(postcode, city))
        {
            var known = string.Join(", ", communes.ByPostcode(postcode).Where(e => e.Kind == 'A').Select(e => e.Name).Distinct().Take(5));
            errors.Add("address.city", $"Aucune commune de ce nom pour le code postal {postcode} (communes connues : {known}).");
        }
    }

    /// <summary>An INSEE commune code once upper-cased: five digits, or 2A/2B and three digits for Corsica.</summary>
    public const string CommuneCodePatternText = "^(?:[0-9]{5}|2[AB][0-9]{3})$";

    /// <summary>A French postcode.</summary>
    public const string PostcodePatternText = "^[0-9]{5}$";

    [GeneratedRegex(CommuneCodePatternText)]
    private static partial Regex CommuneCodePattern();

    [GeneratedRegex(PostcodePatternText)]
    private static partial Regex PostcodePattern();
}
