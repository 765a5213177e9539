using System.Globalization;
using System.Text.RegularExpressions;
using PreDemande.Core.Text;

namespace PreDemande.Core.Forms;

/// <summary>The rules shared by several fields: names, dates, free text. Messages are in French, for people.</summary>
public static partial class FieldRules
{
    public const string Required = "Ce champ est obligatoire.";

    /// <summary>Trims, composes accents, folds runs of spaces and reads ’ as '.</summary>
    public static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var composed = LatinText.Compose(value).Replace('\u2019', '\'').Trim();
        return MultipleSpaces().Replace(composed, " ");
    }

    /// <summary>Checks a surname or given name: capitals with French diacritics, parts joined by hyphen, apostrophe or space.</summary>
    public static string? Name(string? value, string path, int maxLength, ValidationErrors errors, bool required = true)
    {
        var cleaned = Clean(value);
        if (string.IsNullOrEmpty(cleaned))
        {
            if (required)
            {
                errors.Add(path, Required);
            }

            return null;
        }

        if (cleaned.Length > maxLength)
        {
            errors.Add(path, $"{maxLength} caractères au plus.");
        }
        else if (!NamePattern().IsMatch(cleaned))
        {
            errors.Add(path, cleaned.Any(char.IsLower)
                ? "Écrire en majuscules (les accents français sont conservés : É, È, Ç, Œ…)."
                : "Seules les lettres majuscules, les accents français, le trait d'union, l'apostrophe et l'espace sont acceptés.");
        }

        return cleaned;
    }

    public static IReadOnlyList<string>? GivenNames(IReadOnlyList<string>? values, string path, ValidationErrors errors)
    {
        if (values is null || values.Count == 0)
        {
            errors.Add(path, "Au moins un prénom est obligatoire.");
            return null;
        }

        if (values.Count > FieldLimits.GivenNameCount)
        {
            errors.Add(path, $"{FieldLimits.GivenNameCount} prénoms au plus.");
            return null;
        }

        return values.Select((v, i) => Name(v, $"{path}[{i}]", FieldLimits.GivenNameLength, errors) ?? string.Empty).ToArray();
    }

    /// <summary>Parses YYYY-MM-DD; the date must not be in the future nor older than <see cref="FieldLimits.MaxAgeYears"/> years.</summary>
    public static DateOnly? PastDate(string? value, string path, DateOnly today, ValidationErrors errors, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(path, Required);
            }

            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(path, "Date invalide : format attendu AAAA-MM-JJ.");
            return null;
        }

        if (date > today)
        {
            errors.Add(path, "La date ne peut pas être dans le futur.");
            return null;
        }

        if (date < today.AddYears(-FieldLimits.MaxAgeYears))
        {
            errors.Add(path, $"Date invraisemblable (plus de {FieldLimits.MaxAgeYears} ans).");
            return null;
        }

        return date;
    }

    /// <summary>Parses a required YYYY-MM-DD between <paramref name="earliest"/> and <paramref name="latest"/> (an expiry date may be ahead).</summary>
    public static DateOnly? Date(string? value, string path, DateOnly earliest, DateOnly latest, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(path, Required);
            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(path, "Date invalide : format attendu AAAA-MM-JJ.");
            return null;
        }

        if (date < earliest || date > latest)
        {
            errors.Add(path, "Date invraisemblable : attendue entre le " + earliest.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) + " et le " + latest.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) + ".");
            return null;
        }

        return date;
    }

    /// <summary>Free text such as an address line or a foreign city: no control characters, bounded length.</summary>
    public static string? Text(string? value, string path, int maxLength, ValidationErrors errors, bool required = true)
    {
        var cleaned = Clean(value);
        if (string.IsNullOrEmpty(cleaned))
        {
            if (required)
            {
                errors.Add(path, Required);
            }

            return null;
        }

        if (cleaned.Length > maxLength)
        {
            errors.Add(path, $"{maxLength} caractères au plus.");
        }
        else if (!FreeTextPattern().IsMatch(cleaned))
        {
            errors.Add(path, "Caractères non autorisés.");
        }

        return cleaned;
    }

    public static string? OneOf(string? value, string[] allowed, string path, ValidationErrors errors, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(path, Required);
            }

            return null;
        }

        if (!FormValues.IsOneOf(value, allowed))
        {
            errors.Add(path, $"Valeur inconnue : attendu {string.Join(", ", allowed)}.");
            return null;
        }

        return value;
    }

    public static bool IsEmail(string value) => value.Length <= FieldLimits.EmailLength && EmailPattern().IsMatch(value);

    public static string DigitsOnly(string value) => new(value.Where(c => !char.IsWhiteSpace(c)).ToArray());

    /// <summary>Capital letters with the French diacritics (a regular expression class, also valid in ECMAScript).</summary>
    public const string CapitalLetters = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ";

    /// <summary>A name once cleaned: parts of capitals joined by one hyphen, apostrophe or space.</summary>
    public const string NamePatternText = "^[" + CapitalLetters + "]+(?:[-' ][" + CapitalLetters + "]+)*$";

    /// <summary>Free text once cleaned: letters, marks, digits and a little punctuation.</summary>
    public const string FreeTextPatternText = @"^[\p{L}\p{M}\p{N} '.,/()°&-]+$";

    /// <summary>An e-mail address once cleaned (also valid in ECMAScript).</summary>
    public const string EmailPatternText = @"^[^@\s""<>(),;:\\\[\]]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$";

    [GeneratedRegex(NamePatternText)]
    private static partial Regex NamePattern();

    [GeneratedRegex(FreeTextPatternText)]
    private static partial Regex FreeTextPattern();

    [GeneratedRegex(EmailPatternText)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(" {2,}")]
    private static partial Regex MultipleSpaces();
}
