using System.Globalization;
using PreDemande.Core.Fees;

namespace PreDemande.Core.Forms;

/// <summary>The people around the applicant: the two parents (either may be unknown) and, for a minor, the legal representative.</summary>
public sealed class PeopleRules(PlaceRules places)
{
    public const int ParentCount = 2;

    public IReadOnlyList<Parent>? Parents(IReadOnlyList<Parent>? parents, DateOnly? applicantBirthDate, DateOnly today, ValidationErrors errors)
    {
        if (parents is null || parents.Count != ParentCount)
        {
            errors.Add("parents", "Indiquer les deux parents ; un parent inconnu s'écrit {\"unknown\": true}.");
            return null;
        }

        return parents.Select((p, i) => ParentOf(p, $"parents[{i}]", applicantBirthDate, today, errors)).ToArray();
    }

    private Parent ParentOf(Parent? parent, string path, DateOnly? applicantBirthDate, DateOnly today, ValidationErrors errors)
    {
        if (parent is null)
        {
            errors.Add(path, FieldRules.Required);
            return new Parent();
        }

        if (parent.Unknown == true)
        {
            if (parent.Surname is not null || parent.GivenNames is not null || parent.BirthDate is not null || parent.BirthPlace is not null || parent.French is not null)
            {
                errors.Add(path, "Parent inconnu : ne renseigner aucun autre champ.");
            }

            return new Parent { Unknown = true };
        }

        var birthDate = FieldRules.PastDate(parent.BirthDate, $"{path}.birthDate", today, errors, required: false);
        if (birthDate is { } born && applicantBirthDate is { } child && born >= child)
        {
            errors.Add($"{path}.birthDate", "Le parent doit être né avant le demandeur.");
        }

        return new Parent
        {
            Surname = FieldRules.Name(parent.Surname, $"{path}.surname", FieldLimits.NameLength, errors),
            GivenNames = FieldRules.GivenNames(parent.GivenNames, $"{path}.givenNames", errors),
            BirthDate = birthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            BirthPlace = places.BirthPlaceOf(parent.BirthPlace, $"{path}.birthPlace", errors, required: false),
            French = parent.French,
        };
    }

    /// <summary>Required exactly when the applicant is a minor on the day of the request; the representative must be of age.</summary>
    public static LegalRepresentative? LegalRepresentativeOf(LegalRepresentative? representative, int? applicantAge, DateOnly today, ValidationErrors errors)
    {
        if (applicantAge is null)
        {
            return representative;
        }

        if (applicantAge >= 18)
        {
            if (representative is not null)
            {
                errors.Add("legalRepresentative", "Uniquement pour un demandeur mineur.");
            }

            return null;
        }

        if (representative is null)
        {
            errors.Add("legalRepresentative", "Obligatoire pour un demandeur mineur : identité et qualité du représentant légal.");
            return null;
        }

        var birthDate = FieldRules.PastDate(representative.BirthDate, "legalRepresentative.birthDate", today, errors);
        if (birthDate is { } born && FeeCalculator.AgeOn(born, today) < 18)
        {
            errors.Add("legalRepresentative.birthDate", "Le représentant légal doit être majeur.");
        }

        return new LegalRepresentative
        {
            Capacity = FieldRules.OneOf(representative.Capacity, FormValues.Capacities, "legalRepresentative.capacity", errors),
            Surname = FieldRules.Name(representative.Surname, "legalRepresentative.surname", FieldLimits.NameLength, errors),
            GivenNames = FieldRules.GivenNames(representative.GivenNames, "legalRepresentative.givenNames", errors),
            BirthDate = birthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }
}
