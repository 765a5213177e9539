using PreDemande.Core.Fees;
using PreDemande.Core.Forms;

namespace PreDemande.Core.Documents;

/// <summary>A supporting document the mairie scans; <paramref name="Kind"/> names it in scans and archives.</summary>
/// <param name="BroughtByApplicant">False for what the mairie produces itself (the signed receipt).</param>
public sealed record RequiredDocument(string Kind, string Label, bool BroughtByApplicant = true);

/// <summary>
/// The documents of the file, from the title, the reason and the age (service-public lists),
/// judged on a day (the submission for the recap and the applicant's view, the deposit at the
/// mairie) against the COMEDEC list when one is loaded. One rule for the recap, the portal and
/// the deposit (docs/domain-sources.md gives the published sources).
/// </summary>
public static class RequiredDocuments
{
    public const string BirthCertificate = "birthCertificate";

    /// <summary>A secured title spares the birth certificate while valid and for 5 years after its expiry.</summary>
    public const int SecuredTitleGraceYears = 5;

    /// <summary>
    /// No secured title is valid longer than <see cref="Forms.FieldLimits.TitleValidityYears"/> years, so a title
    /// issued this long ago has been expired more than <see cref="SecuredTitleGraceYears"/> years, whatever it was.
    /// </summary>
    public const int CertainlyStaleAfterYears = Forms.FieldLimits.TitleValidityYears + SecuredTitleGraceYears;

    public const string BirthCertificateLabel = "Un acte de naissance de moins de 3 mois";
    public const string BirthCertificateUntilListLabel = BirthCertificateLabel + ", sauf si votre commune de naissance est reliée à COMEDEC";

    /// <summary>
    /// Documents the mairie may waive when it lodges the application: the birth certificate, in
    /// the cases this rule cannot see (a birth commune not yet on the loaded list, a title held but
    /// not declared in the form).
    /// </summary>
    public static bool IsWaivable(string kind) => kind == BirthCertificate;

    /// <param name="on">The day the documents are judged: the submission day for the recap and the portal, the deposit day at the mairie.</param>
    /// <param name="comedec">The loaded COMEDEC list; null until one is loaded (the sentence then names COMEDEC).</param>
    public static IReadOnlyList<RequiredDocument> For(PreApplicationForm form, int ageYears, Fee fee, DateOnly on, ComedecCommunes? comedec)
    {
        var minor = ageYears < 18;
        var documents = new List<RequiredDocument>
        {
            new("recap", "Ce récapitulatif imprimé, avec votre photo collée dans le cadre prévu"),
            new("photo", "Une photo d'identité de moins de 6 mois, conforme aux normes"),
            new("proofOfAddress", minor
                ? "Un justificatif de domicile du représentant légal de moins d'un an"
                : "Un justificatif de domicile de moins d'un an"),
        };

        switch (form.Reason)
        {
            case FormValues.Renewal:
                documents.Add(new("previousTitle", "Votre titre actuel (passeport ou carte nationale d'identité)"));
                break;
            case FormValues.Loss:
                documents.Add(new("lossDeclaration", "La déclaration de perte (elle peut être remplie à la mairie)"));
                break;
            case FormValues.Theft:
                documents.Add(new("theftDeclaration", "La déclaration de vol faite au commissariat ou à la gendarmerie"));
                break;
        }

        if (NeedsBirthCertificate(form, on, comedec))
        {
            documents.Add(new(BirthCertificate, comedec is null ? BirthCertificateUntilListLabel : BirthCertificateLabel));
        }

        if (!string.IsNullOrEmpty(form.Applicant?.UsageName))
        {
            documents.Add(new("usageNameProof", "Un justificatif du nom d'usage (acte de mariage, jugement, autorisation du second parent…)"));
        }

        if (fee.TaxStampRequired)
        {
            documents.Add(new("taxStamp", $"Le timbre fiscal électronique de {fee.AmountEur} € (numéro à 16 chiffres)"));
        }

        if (minor)
        {
            documents.Add(new("representativeId", "La pièce d'identité du représentant légal, présent au rendez-vous avec le mineur"));
        }

        documents.Add(new("receipt", "Le récépissé signé au dépôt", BroughtByApplicant: false));
        return documents;
    }

    /// <summary>
    /// The birth certificate proves the civil status when nothing else does. Asked for a first
    /// application, a loss, a theft, a change of civil status, and a renewal of a title issued
    /// <see cref="CertainlyStaleAfterYears"/> years ago or more; not asked when the birth commune
    /// is on the COMEDEC list, nor (but for a change of civil status, which the certificate
    /// proves) when the applicant holds another secured title valid or expired for less than
    /// <see cref="SecuredTitleGraceYears"/> years.
    /// </summary>
    public static bool NeedsBirthCertificate(PreApplicationForm form, DateOnly on, ComedecCommunes? comedec)
    {
        var civilStatusChange = form.RenewalCause == "civilStatusChange";
        var asked = form.Reason is FormValues.First or FormValues.Loss or FormValues.Theft
            || civilStatusChange
            || (form.Reason == FormValues.Renewal && IssuedBefore(form.PreviousTitle?.IssuedOn, on.AddYears(-CertainlyStaleAfterYears)));
        if (!asked)
        {
            return false;
        }

        if (comedec?.Contains(form.Applicant?.BirthPlace?.CommuneCode) == true)
        {
            return false;
        }

        return civilStatusChange || !HoldsSecuredTitle(form.OtherTitle, on);
    }

    /// <summary>True when the declared title is valid on <paramref name="on"/> or expired for less than <see cref="SecuredTitleGraceYears"/> years.</summary>
    public static bool HoldsSecuredTitle(OtherTitle? title, DateOnly on) =>
        title is { Type: FormValues.Passport or FormValues.IdCard } && ParseDate(title.ExpiryDate) is { } expiry && on < expiry.AddYears(SecuredTitleGraceYears);

    private static bool IssuedBefore(string? issuedOn, DateOnly limit) => ParseDate(issuedOn) is { } issued && issued <= limit;

    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date) ? date : null;
}
