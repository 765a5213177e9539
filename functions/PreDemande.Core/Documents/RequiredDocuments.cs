using PreDemande.Core.Fees;
using PreDemande.Core.Forms;

namespace PreDemande.Core.Documents;

/// <summary>A supporting document the mairie scans; <paramref name="Kind"/> names it in scans and archives.</summary>
/// <param name="BroughtByApplicant">False for what the mairie produces itself (the signed receipt).</param>
public sealed record RequiredDocument(string Kind, string Label, bool BroughtByApplicant = true);

/// <summary>
/// The documents of the file, from the title, the reason and the age (service-public lists).
/// A birth certificate is asked when no secured title proves the civil status: first application,
/// loss, theft, change of civil status; the mairie waives it when the birth commune exchanges
/// civil-status data electronically (COMEDEC), which this list cannot know.
/// </summary>
public static class RequiredDocuments
{
    public const string BirthCertificate = "birthCertificate";

    /// <summary>
    /// Documents the mairie may waive when it lodges the application: the birth certificate,
    /// when the birth commune exchanges civil-status data electronically (COMEDEC).
    /// </summary>
    public static bool IsWaivable(string kind) => kind == BirthCertificate;

    public static IReadOnlyList<RequiredDocument> For(PreApplicationForm form, int ageYears, Fee fee)
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

        if (form.Reason is FormValues.First or FormValues.Loss or FormValues.Theft || form.RenewalCause == "civilStatusChange")
        {
            documents.Add(new(BirthCertificate, "Un acte de naissance de moins de 3 mois, sauf si votre commune de naissance est reliée à COMEDEC"));
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
}
