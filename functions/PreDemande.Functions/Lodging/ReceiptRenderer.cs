using System.Globalization;
using PreDemande.Core.Geography;
using PreDemande.Core.Numbers;
using PreDemande.Functions.Http;
using PreDemande.Functions.PreApplications;
using PreDemande.Functions.Recap;
using SkiaSharp;
using static PreDemande.Functions.Recap.RecapLayout;

namespace PreDemande.Functions.Lodging;

/// <summary>
/// Draws the récépissé de dépôt (A4, French) with the recap's drawing helpers: the number, the
/// titles, the mairie, the date and time of the deposit, the collection mode ("pré-demande en
/// ligne"), the documents expected, and the boxes where the applicant and the agent sign. Signed,
/// it is scanned back as the expected document <c>receipt</c>.
/// </summary>
public sealed class ReceiptRenderer(RecapFonts fonts)
{
    public const string CollectionModeText = "pré-demande en ligne";

    public byte[] Render(PreApplicationRecord record, LodgingState lodging)
    {
        var number = record.Number;
        var paris = FrenchClock.ToParis(lodging.At);
        using var output = new MemoryStream();
        using (var pdf = SKDocument.CreatePdf(output, Metadata(number, lodging.At)))
        using (var page = new RecapPage(pdf, fonts))
        {
            page.NewPage();
            page.Text("Récépissé de dépôt", Margin, Margin + TitleSize, fonts.Bold, TitleSize);
            page.Text("Demande de passeport ou de carte nationale d'identité", Margin, Margin + TitleSize + 14, fonts.Regular, SmallSize, muted: true);
            page.Text("Numéro de pré-demande", Margin, Margin + TitleSize + 36, fonts.Regular, TextSize, muted: true);
            page.Text(PreApplicationNumber.Grouped(number), Margin, Margin + TitleSize + 36 + NumberSize + 2, fonts.Mono, NumberSize);
            page.Y = Margin + TitleSize + 36 + NumberSize + 12;

            page.Section("Dépôt");
            page.Row("Titre(s) demandé(s)", string.Join(" et ", (record.Form.Titles ?? []).Select(RecapLabels.Title)));
            page.Row("Mairie", $"{Departements.CommuneName(lodging.Mairie)} ({lodging.Mairie})");
            page.Row("Date et heure", paris.ToString("dd/MM/yyyy 'à' HH'h'mm", CultureInfo.InvariantCulture));
            page.Row("Mode de recueil", CollectionModeText);

            page.Section("Pièces du dossier");
            foreach (var document in lodging.Expected)
            {
                page.Paragraph(document.Label, bullet: true);
            }

            page.Section("Signatures");
            page.Paragraph("Le demandeur atteste l'exactitude des informations de sa demande. Ce récépissé signé est numérisé et joint au dossier.");
            page.Space(SectionGap);
            var half = (A4.Width - (2 * Margin) - ColumnGap) / 2;
            var top = page.Y;
            page.Box(SKRect.Create(Margin, top, half, 70), "Signature du demandeur");
            page.Box(SKRect.Create(Margin + half + ColumnGap, top, half, 70), "Signature et cachet de l'agent");
            page.Finish();
            pdf.Close();
        }

        return output.ToArray();
    }

    public static string FileName(string number) => $"recepisse-depot-{number}.pdf";

    private static SKDocumentPdfMetadata Metadata(string number, DateTimeOffset at) => new()
    {
        Title = $"Récépissé de dépôt {number}",
        Subject = "Dépôt d'une demande de passeport ou de carte nationale d'identité (pré-demande)",
        Author = "PreDemande",
        Creator = "PreDemande",
        Producer = "PreDemande (SkiaSharp)",
        Keywords = $"récépissé;pré-demande;{number}",
        Creation = at.UtcDateTime,
        Modified = at.UtcDateTime,
        RasterDpi = 300,
        PdfA = true,
    };
}
