using PreDemande.Core.Contact;
using PreDemande.Core.Fees;
using PreDemande.Core.Geography;

namespace PreDemande.Core.Forms;

/// <summary>The outcome of validation: either errors, or the normalised form with its fee.</summary>
public sealed record ValidationOutcome(ValidationErrors Errors, PreApplicationForm? Form, Fee? Fee)
{
    public bool IsValid => Errors.IsEmpty && Form is not null && Fee is not null;
}

/// <summary>
/// Every rule of the pre-application form, in one place. Reports all field errors at once and,
/// when there are none, returns the form normalised for storage.
/// </summary>
public sealed class FormValidator(Communes communes)
{
    private readonly PlaceRules _places = new(communes);

    public ValidationOutcome Validate(PreApplicationForm? form, DateOnly today)
    {
        var errors = new ValidationErrors();
        if (form is null)
        {
            errors.Add("$", "Le corps de la requête doit être un objet JSON.");
            return new ValidationOutcome(errors, null, null);
        }

        var titles = Titles(form.Titles, errors);
        var reason = FieldRules.OneOf(form.Reason, FormValues.Reasons, "reason", errors);
        var renewalCause = RenewalCause(form, reason, errors);
        var (applicant, birthDate) = ValidateApplicant(form.Applicant, titles, today, errors);
        var previousTitle = PreviousTitleOf(form.PreviousTitle, reason, birthDate, today, errors);
        var otherTitle = OtherTitleOf(form.OtherTitle, today, errors);
        var parents = new PeopleRules(_places).Parents(form.Parents, birthDate, today, errors);
        var address = _places.Address(form.Address, errors);
        var contact = ContactOf(form.Contact, errors);

        var age = birthDate is { } born ? FeeCalculator.AgeOn(born, today) : (int?)null;
        var legalRepresentative = PeopleRules.LegalRepresentativeOf(form.LegalRepresentative, age, today, errors);

        Fee? fee = null;
        TaxStamp? taxStamp = null;
        if (titles is not null && reason is not null && age is not null)
        {
            fee = FeeCalculator.Compute(titles, reason, age.Value);
            taxStamp = TaxStampOf(form.TaxStamp, fee, errors);
        }

        if (!errors.IsEmpty)
        {
            return new ValidationOutcome(errors, null, null);
        }

        var normalised = new PreApplicationForm
        {
            Titles = titles,
            Reason = reason,
            RenewalCause = renewalCause,
            PreviousTitle = previousTitle,
            OtherTitle = otherTitle,
            Applicant = applicant,
            Parents = parents,
            Address = address,
            Contact = contact,
            LegalRepresentative = legalRepresentative,
            TaxStamp = taxStamp,
        };
        return new ValidationOutcome(errors, normalised, fee);
    }

    private static string[]? Titles(IReadOnlyList<string>? titles, ValidationErrors errors)
    {
        if (titles is null || titles.Count == 0)
        {
            errors.Add("titles", "Choisir au moins un titre : passport, idCard.");
            return null;
        }

        var valid = true;
        for (var i = 0; i < titles.Count; i++)
        {
            if (!FormValues.IsOneOf(titles[i], FormValues.Titles))
            {
                errors.Add($"titles[{i}]", "Valeur inconnue : attendu passport, idCard.");
                valid = false;
            }
        }

        if (titles.Distinct(StringComparer.Ordinal).Count() != titles.Count)
        {
            errors.Add("titles", "Chaque titre ne peut être demandé qu'une fois.");
            valid = false;
        }

        return valid ? FormValues.Titles.Where(titles.Contains).ToArray() : null;
    }

    private static string? RenewalCause(PreApplicationForm form, string? reason, ValidationErrors errors)
    {
        if (reason == FormValues.Renewal)
        {
            return FieldRules.OneOf(form.RenewalCause, FormValues.RenewalCauses, "renewalCause", errors);
        }

        if (form.RenewalCause is not null)
        {
            errors.Add("renewalCause", "Uniquement pour un renouvellement (reason: renewal).");
        }

        return null;
    }

    private static PreviousTitle? PreviousTitleOf(PreviousTitle? previous, string? reason, DateOnly? birthDate, DateOnly today, ValidationErrors errors)
    {
        if (previous is null)
        {
            if (reason == FormValues.Renewal)
            {
                errors.Add("previousTitle", "Obligatoire pour un renouvellement : numéro et date de délivrance du titre actuel.");
            }

            return null;
        }

        if (reason == FormValues.First)
        {
            errors.Add("previousTitle", "Une première demande n'a pas de titre précédent.");
            return null;
        }

        var number = FieldRules.Clean(previous.Number)?.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (string.IsNullOrEmpty(number))
        {
            errors.Add("previousTitle.number", FieldRules.Required);
        }
        else if (number.Length is < FieldLimits.PreviousTitleMinLength or > FieldLimits.PreviousTitleMaxLength || !number.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add("previousTitle.number", $"De {FieldLimits.PreviousTitleMinLength} à {FieldLimits.PreviousTitleMaxLength} lettres ou chiffres.");
        }

        var issuedOn = FieldRules.PastDate(previous.IssuedOn, "previousTitle.issuedOn", today, errors);
        if (issuedOn is { } issued && birthDate is { } born && issued < born)
        {
            errors.Add("previousTitle.issuedOn", "La date de délivrance précède la date de naissance.");
        }

        return new PreviousTitle { Number = number, IssuedOn = issuedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
    }

    /// <summary>Optional; when given, both members: the kind of secured title and its expiry date (past or future).</summary>
    private static OtherTitle? OtherTitleOf(OtherTitle? other, DateOnly today, ValidationErrors errors)
    {
        if (other is null)
        {
            return null;
        }

        var type = FieldRules.OneOf(other.Type, FormValues.Titles, "otherTitle.type", errors);
        var expiry = FieldRules.Date(other.ExpiryDate, "otherTitle.expiryDate", today.AddYears(-FieldLimits.MaxAgeYears), today.AddYears(FieldLimits.TitleValidityYears), errors);
        return type is null || expiry is null
            ? null
            : new OtherTitle { Type = type, ExpiryDate = expiry.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
    }

    private (Applicant? Applicant, DateOnly? BirthDate) ValidateApplicant(Applicant? applicant, string[]? titles, DateOnly today, ValidationErrors errors)
    {
        if (applicant is null)
        {
            errors.Add("applicant", FieldRules.Required);
            return (null, null);
        }

        var passport = titles?.Contains(FormValues.Passport) ?? false;
        var birthDate = FieldRules.PastDate(applicant.BirthDate, "applicant.birthDate", today, errors);
        if (applicant.HeightCm is { } height && height is < FieldLimits.MinHeightCm or > FieldLimits.MaxHeightCm)
        {
            errors.Add("applicant.heightCm", $"Taille en centimètres, de {FieldLimits.MinHeightCm} à {FieldLimits.MaxHeightCm}.");
        }
        else if (applicant.HeightCm is null && passport)
        {
            errors.Add("applicant.heightCm", "Obligatoire pour un passeport.");
        }

        var eyeColour = FieldRules.OneOf(applicant.EyeColour, FormValues.EyeColours, "applicant.eyeColour", errors, required: false);
        if (applicant.EyeColour is null && passport)
        {
            errors.Add("applicant.eyeColour", "Obligatoire pour un passeport.");
        }

        string? basis = null;
        if (applicant.Nationality is null)
        {
            errors.Add("applicant.nationality", FieldRules.Required);
        }
        else
        {
            basis = FieldRules.OneOf(applicant.Nationality.Basis, FormValues.NationalityBases, "applicant.nationality.basis", errors);
        }

        var normalised = new Applicant
        {
            Surname = FieldRules.Name(applicant.Surname, "applicant.surname", FieldLimits.NameLength, errors),
            UsageName = FieldRules.Name(applicant.UsageName, "applicant.usageName", FieldLimits.NameLength, errors, required: false),
            GivenNames = FieldRules.GivenNames(applicant.GivenNames, "applicant.givenNames", errors),
            Sex = FieldRules.OneOf(applicant.Sex, FormValues.Sexes, "applicant.sex", errors),
            BirthDate = birthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            BirthPlace = _places.BirthPlaceOf(applicant.BirthPlace, "applicant.birthPlace", errors, required: true),
            HeightCm = applicant.HeightCm,
            EyeColour = eyeColour,
            Nationality = new Nationality { Basis = basis },
        };
        return (normalised, birthDate);
    }

    private static Contact? ContactOf(Contact? contact, ValidationErrors errors)
    {
        if (contact is null)
        {
            errors.Add("contact", "Obligatoire : au moins l'adresse électronique.");
            return null;
        }

        var email = FieldRules.Clean(contact.Email);
        if (string.IsNullOrEmpty(email))
        {
            errors.Add("contact.email", FieldRules.Required);
        }
        else if (!FieldRules.IsEmail(email))
        {
            errors.Add("contact.email", "Adresse électronique invalide.");
        }

        string? mobile = null;
        if (!string.IsNullOrWhiteSpace(contact.Mobile))
        {
            var verdict = MobileNumbers.Check(contact.Mobile, out var e164);
            switch (verdict)
            {
                case MobileNumbers.Verdict.Valid:
                    mobile = e164;
                    break;
                case MobileNumbers.Verdict.NotAMobile:
                    errors.Add("contact.mobile", "Ce numéro n'est pas un mobile : il ne peut pas recevoir de SMS.");
                    break;
                case MobileNumbers.Verdict.NotFrench:
                    errors.Add("contact.mobile", "Seuls les mobiles français (métropole et outre-mer) sont acceptés.");
                    break;
                default:
                    errors.Add("contact.mobile", "Numéro invalide : format attendu +33612345678.");
                    break;
            }
        }
        else if (contact.SmsConsent == true)
        {
            errors.Add("contact.mobile", "Un numéro de mobile est nécessaire pour recevoir le SMS.");
        }

        return new Contact { Email = email, Mobile = mobile, SmsConsent = mobile is not null && contact.SmsConsent == true };
    }

    private static TaxStamp? TaxStampOf(TaxStamp? stamp, Fee fee, ValidationErrors errors)
    {
        if (!fee.TaxStampRequired)
        {
            if (stamp is not null)
            {
                errors.Add("taxStamp", "Aucun timbre fiscal n'est dû pour cette demande.");
            }

            return null;
        }

        var number = stamp?.Number is { } raw ? FieldRules.DigitsOnly(raw) : null;
        if (string.IsNullOrEmpty(number))
        {
            errors.Add(stamp is null ? "taxStamp" : "taxStamp.number", $"Timbre fiscal obligatoire ({fee.AmountEur} €) : numéro à {FieldLimits.TaxStampDigits} chiffres.");
            return null;
        }

        if (number.Length != FieldLimits.TaxStampDigits || !number.All(char.IsAsciiDigit))
        {
            errors.Add("taxStamp.number", $"Le numéro du timbre fiscal compte {FieldLimits.TaxStampDigits} chiffres.");
            return null;
        }

        return new TaxStamp { Number = number };
    }
}
