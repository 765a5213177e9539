using System.Text.Json;
using System.Text.Json.Nodes;
using PreDemande.Core.Documents;
using PreDemande.Core.Fees;
using PreDemande.Core.Forms;
using PreDemande.Core.Geography;
using PreDemande.Core.Numbers;
using PreDemande.Functions.Recap;
using PreDemande.Functions.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace PreDemande.Functions.Tests.Recap;

[Trait(Tier.Name, Tier.System)]
public sealed class RecapPdfTests : IDisposable
{
    private readonly RecapFonts _fonts = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("predemande-recap-").FullName;

    public void Dispose()
    {
        _fonts.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void The_recap_text_holds_the_number_the_names_with_their_diacritics_and_the_documents_to_bring()
    {
        var document = Document(Forms.AdultPassport().With("applicant.usageName", JsonValue.Create("N'GUESSAN")));

        var text = TextOf(new RecapRenderer(_fonts).Render(document));

        Assert.Contains(PreApplicationNumber.Grouped(document.Number), text, StringComparison.Ordinal);
        Assert.Contains("LŒUVRE", text, StringComparison.Ordinal);
        Assert.Contains("ÉLODIE", text, StringComparison.Ordinal);
        Assert.Contains("MARIE-ANNE", text, StringComparison.Ordinal);
        Assert.Contains("D'ARTAGNAN HÉLÈNE", text, StringComparison.Ordinal);
        Assert.Contains("N'GUESSAN", text, StringComparison.Ordinal);
        Assert.Contains("86 €", text, StringComparison.Ordinal);
        foreach (var required in RequiredDocuments.For(document.Form, 36, document.Fee, DateOnly.FromDateTime(document.CreatedAt.UtcDateTime), comedec: null).Where(d => d.BroughtByApplicant))
        {
            Assert.Contains(required.Label, text, StringComparison.Ordinal);
        }

        Assert.Contains("Un justificatif du nom d'usage", text, StringComparison.Ordinal);
        Assert.Contains("empreintes digitales", text, StringComparison.Ordinal);
        Assert.Contains("vérifiées avec vous à la mairie", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_document_list_follows_reason_and_age()
    {
        var minor = Document(Forms.MinorIdCard());
        var loss = Document(Forms.LossWithUnknownFather());

        var minorText = TextOf(new RecapRenderer(_fonts).Render(minor));
        var lossText = TextOf(new RecapRenderer(_fonts).Render(loss));

        Assert.Contains("représentant légal", minorText, StringComparison.Ordinal);
        Assert.Contains("Pas de relevé d'empreintes digitales avant 12 ans", minorText, StringComparison.Ordinal);
        Assert.DoesNotContain("timbre fiscal électronique", minorText, StringComparison.Ordinal);
        Assert.Contains("déclaration de perte", lossText, StringComparison.Ordinal);
        Assert.Contains("timbre fiscal électronique de 25 €", lossText, StringComparison.Ordinal);
        Assert.Contains("parent inconnu", lossText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_qr_code_scans_to_the_bare_number()
    {
        var document = Document(Forms.AdultPassport());
        var pdf = Path.Combine(_directory, "recap.pdf");
        await File.WriteAllBytesAsync(pdf, new RecapRenderer(_fonts).Render(document));

        var (rendered, renderOutput) = await Tools.RunAsync("pdftoppm", "-r", "150", "-png", "-singlefile", pdf, Path.Combine(_directory, "page"));
        Assert.True(rendered == 0, renderOutput);
        var (decoded, text) = await Tools.RunAsync("zbarimg", "--quiet", "--raw", Path.Combine(_directory, "page.png"));

        Assert.True(decoded == 0, text);
        Assert.Equal(document.Number, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).First(l => !l.Contains("dbus", StringComparison.OrdinalIgnoreCase) && !l.StartsWith("Connection", StringComparison.Ordinal)).Trim());
    }

    [Fact]
    public async Task A_full_adult_passport_recap_is_a_valid_pdf_of_at_most_40_kb_with_metadata()
    {
        var bytes = new RecapRenderer(_fonts).Render(Document(Forms.AdultPassport()));
        var pdf = Path.Combine(_directory, "recap.pdf");
        await File.WriteAllBytesAsync(pdf, bytes);

        var (checkedOk, output) = await Tools.RunAsync("qpdf", "--check", pdf);

        Assert.True(checkedOk == 0, output);
        Assert.InRange(bytes.Length, 1_000, 40 * 1024);
        using var read = PdfDocument.Open(bytes);
        Assert.Equal(1, read.NumberOfPages);
        Assert.StartsWith("Récapitulatif de pré-demande", read.Information.Title, StringComparison.Ordinal);
        Assert.Equal("PreDemande", read.Information.Author);
        Assert.NotNull(read.Information.CreationDate);
        var page = read.GetPage(1);
        Assert.Equal(595, page.Width, 0);
        Assert.Equal(842, page.Height, 0);
    }

    private static string TextOf(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    private static PreApplicationDocument Document(JsonObject json)
    {
        var form = JsonSerializer.Deserialize<PreApplicationForm>(json.ToJsonString(), HttpExtensions.Web)!;
        var outcome = new FormValidator(Communes.Default).Validate(form, DateOnly.FromDateTime(DateTime.UtcNow));
        Assert.True(outcome.IsValid, string.Join(", ", outcome.Errors.Fields));
        var created = DateTimeOffset.UtcNow;
        return new PreApplicationDocument(PreApplicationNumber.New(), created, created.AddMonths(12), outcome.Fee!, outcome.Form!);
    }
}
