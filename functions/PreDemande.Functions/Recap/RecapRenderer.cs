using PreDemande.Core.Documents;
using PreDemande.Core.Fees;
using PreDemande.Core.Forms;
using PreDemande.Core.Numbers;
using SkiaSharp;
using static PreDemande.Functions.Recap.RecapLayout;

namespace PreDemande.Functions.Recap;

/// <summary>
/// Draws the "Récapitulatif de pré-demande" (A4, French, black and white) from the stored
/// document. What goes where is read top to bottom here; sizes live in <see cref="RecapLayout"/>
/// and the drawing helpers in <see cref="RecapPage"/>.
/// </summary>
public sealed class RecapRenderer(RecapFonts fonts)
{
    /// <param name="comedec">The COMEDEC list in force when the recap is drawn (null: none loaded); the documents are judged on the submission day.</param>
    public byte[] Render(PreApplicationDocument document, ComedecCommunes? comedec = null)
    {
        using var output = new MemoryStream();
        using (var pdf = SKDocument.CreatePdf(output, Metadata(document)))
        using (var page = new RecapPage(pdf, fonts))
        {
            var form = document.Form;
            var age = AgeAtCreation(document);
            Header(page, document.Number);
            RequestAndCivilStatus(page, document, form);
            Parents(page, form.Parents ?? []);
            AddressAndContact(page, form);
            if (form.LegalRepresentative is { } representative)
            {
                LegalRepresentative(page, representative);
            }

            NextSteps(page, RequiredDocuments.For(form, age, document.Fee, Http.FrenchClock.DateOf(document.CreatedAt), comedec), age);
            Validity(page, document);
            page.Finish();
            pdf.Close();
        }

        return output.ToArray();
    }

    public static string FileName(string number) => $"recapitulatif-predemande-{number}.pdf";

    private static SKDocumentPdfMetadata Metadata(PreApplicationDocument document) => new()
    {
        Title = $"Récapitulatif de pré-demande {document.Number}",
        Subject = "Pré-demande de passeport ou de carte nationale d'identité",
        Author = "PreDemande",
        Creator = "PreDemande",
        Producer = "PreDemande (SkiaSharp)",
        Keywords = $"pré-demande;{document.Number}",
        Creation = document.CreatedAt.UtcDateTime,
        Modified = document.CreatedAt.UtcDateTime,
        RasterDpi = 300,
        PdfA = true,
    };

    private void Header(RecapPage page, string number)
    {
        var canvas = page.NewPage();
        var top = Margin;
        page.Text("Récapitulatif de pré-demande", Margin, top + TitleSize, fonts.Bold, TitleSize);
        page.Text("Passeport et carte nationale d'identité — données du formulaire CERFA 12100", Margin, top + TitleSize + 14, fonts.Regular, SmallSize, muted: true);
        page.Text("Numéro de pré-demande", Margin, top + TitleSize + 36, fonts.Regular, TextSize, muted: true);
        page.Text(PreApplicationNumber.Grouped(number), Margin, top + TitleSize + 36 + NumberSize + 2, fonts.Mono, NumberSize);

        var qrLeft = A4.Width - Margin - QrWidth;
        QrCodeDrawing.Draw(canvas, number, new SKPoint(qrLeft, top - 4), QrWidth);
        page.Text("À présenter en mairie", qrLeft + (QrWidth / 2), top + QrWidth + 4, fonts.Regular, SmallSize, muted: true, SKTextAlign.Center);
        page.Y = top + QrWidth + 10;
    }

    private static void RequestAndCivilStatus(RecapPage page, PreApplicationDocument document, PreApplicationForm form)
    {
        // Left column beside the photo frame; full width again below it.
        var photo = SKRect.Create(A4.Width - Margin - PhotoBox.Width, page.Y + SectionGap + 4, PhotoBox.Width, PhotoBox.Height);
        page.Box(photo, "Collez votre photo ici", "35 × 45 mm", "(ne pas agrafer)");
        page.Width = A4.Width - (2 * Margin) - PhotoBox.Width - ColumnGap;

        page.Section("Demande");
        page.Row("Titre(s) demandé(s)", string.Join(" et ", (form.Titles ?? []).Select(RecapLabels.Title)));
        page.Row("Motif", RecapLabels.Reason(form.Reason, form.RenewalCause));
        if (form.PreviousTitle is { } previous)
        {
            page.Row("Titre précédent", $"n° {previous.Number}, délivré le {RecapLabels.Date(previous.IssuedOn)}");
        }

        if (form.OtherTitle is { } other)
        {
            page.Row("Autre titre détenu", $"{RecapLabels.Title(other.Type ?? string.Empty)}, date d'expiration {RecapLabels.Date(other.ExpiryDate)}");
        }

        page.Row("Droit de timbre", $"{RecapLabels.Euros(document.Fee.AmountEur)} — {document.Fee.Detail}");
        page.Row("Timbre fiscal", TaxStamp(document.Fee, form.TaxStamp));

        var applicant = form.Applicant ?? new Applicant();
        page.Section("État civil");
        page.Row("Nom de naissance", applicant.Surname);
        page.Row("Nom d'usage", applicant.UsageName);
        page.Row("Prénoms", RecapLabels.Names(applicant.GivenNames));
        page.Row("Sexe", RecapLabels.Sex(applicant.Sex));
        page.Row("Date de naissance", RecapLabels.Date(applicant.BirthDate));

        page.Width = A4.Width - (2 * Margin);
        page.Y = Math.Max(page.Y, photo.Bottom);
        page.Row("Lieu de naissance", RecapLabels.Place(applicant.BirthPlace));
        page.Row("Taille", applicant.HeightCm is { } height ? $"{height} cm" : null);
        page.Row("Couleur des yeux", RecapLabels.EyeColour(applicant.EyeColour));
        page.Row("Nationalité", RecapLabels.Nationality(applicant.Nationality?.Basis));
    }

    private static void Parents(RecapPage page, IReadOnlyList<Parent> parents)
    {
        page.Section("Filiation");
        for (var i = 0; i < parents.Count; i++)
        {
            var parent = parents[i];
            if (parent.Unknown == true)
            {
                page.Row($"Parent {i + 1}", "Filiation non établie (parent inconnu)");
                continue;
            }

            var born = parent.BirthDate is null && parent.BirthPlace is null
                ? string.Empty
                : $" — né(e) le {RecapLabels.Date(parent.BirthDate)} à {RecapLabels.Place(parent.BirthPlace)}";
            var french = parent.French switch { true => " — nationalité française", false => " — nationalité étrangère", _ => string.Empty };
            page.Row($"Parent {i + 1}", $"{parent.Surname} {RecapLabels.Names(parent.GivenNames)}{born}{french}");
        }
    }

    private static void AddressAndContact(RecapPage page, PreApplicationForm form)
    {
        var address = form.Address ?? new Address();
        page.Section("Adresse");
        page.Row("Adresse", string.Join(", ", new[] { address.Line1, address.Line2 }.Where(l => !string.IsNullOrEmpty(l))));
        page.Row("Code postal et commune", $"{address.Postcode} {address.City}".Trim());
        page.Row("Pays", address.CountryCode);

        var contact = form.Contact ?? new Contact();
        page.Section("Contact");
        page.Row("Courriel", contact.Email);
        page.Row("Mobile", contact.Mobile);
        page.Row("SMS de mise à disposition", contact.SmsConsent == true ? "Oui" : "Non");
    }

    private static void LegalRepresentative(RecapPage page, LegalRepresentative representative)
    {
        page.Section("Représentant légal");
        page.Row("Qualité", RecapLabels.Capacity(representative.Capacity));
        page.Row("Nom et prénoms", $"{representative.Surname} {RecapLabels.Names(representative.GivenNames)}");
        page.Row("Date de naissance", RecapLabels.Date(representative.BirthDate));
    }

    private static void NextSteps(RecapPage page, IReadOnlyList<RequiredDocument> documents, int age)
    {
        page.Section("Prochaines étapes");
        page.Paragraph("1. Prenez rendez-vous dans une mairie équipée d'un dispositif de recueil (pas forcément celle de votre domicile).");
        page.Paragraph("2. Apportez ce récapitulatif (ou son numéro, ou son QR code sur votre téléphone) et les pièces suivantes :");
        foreach (var document in documents.Where(d => d.BroughtByApplicant))
        {
            page.Paragraph(document.Label, bullet: true);
        }

        page.Paragraph(age >= 12
            ? "3. Vos empreintes digitales seront relevées lors du rendez-vous (à partir de 12 ans)."
            : "3. Pas de relevé d'empreintes digitales avant 12 ans ; l'enfant doit toutefois être présent.");
        page.Paragraph("4. Le titre se retire dans la même mairie, dans les 3 mois suivant sa mise à disposition.");
    }

    private static void Validity(RecapPage page, PreApplicationDocument document)
    {
        page.Space(SectionGap);
        page.Paragraph(
            $"Pré-demande créée le {RecapLabels.Date(document.CreatedAt)}, valable jusqu'au {RecapLabels.Date(document.ExpiresAt)}. " +
            "Les données seront vérifiées avec vous à la mairie, où les erreurs de saisie peuvent être corrigées.",
            SmallSize,
            bold: true);
    }

    private static string TaxStamp(Fee fee, TaxStamp? stamp) =>
        !fee.TaxStampRequired ? "Non dû"
        : stamp?.Number is { Length: 16 } n ? $"Fourni : n° {n[..4]} {n[4..8]} {n[8..12]} {n[12..]}"
        : "À fournir";

    private static int AgeAtCreation(PreApplicationDocument document) =>
        document.Form.ApplicantAgeOn(Http.FrenchClock.DateOf(document.CreatedAt)) ?? 18;
}
