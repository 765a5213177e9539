using System.Text;
using PreDemande.Core.Proofs;
using PreDemande.Functions.Proofs;

using PreDemande.Functions.Tests.Infrastructure;

namespace PreDemande.Functions.Tests.Proofs;

/// <summary>Finding the DataMatrix codes of scanned pages: JPEG, PNG and PDF page images, with the work bounded.</summary>
[Trait(Tier.Name, Tier.Fast)]
public sealed class ScanCodeReaderTests
{
    // A 2D-Doc-like text: C40 header, fields separated by GS, the signature after US.
    private const string Code = "DC04FR000001125E125E26FRFR01\u001d10MME MARIE DUPONT\u001d22012 RUE DES LILAS\u001d2475011\u001d25PARIS\u001fABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRSTUV";

    private static readonly ScanReadLimits Limits = new(MaxTime: TimeSpan.FromSeconds(30));

    [Fact]
    public void A_code_printed_on_a_jpeg_page_is_found_with_its_bytes_exactly()
    {
        using var page = ScanPages.Page(Code);

        var read = ScanCodeReader.Read(ScanPages.Jpeg(page), Limits);

        Assert.Equal(ScanReading.Found, read.Reading);
        Assert.Equal(Code, Encoding.Latin1.GetString(Assert.Single(read.Codes)));
    }

    [Fact]
    public void A_code_printed_on_a_png_page_is_found()
    {
        using var page = ScanPages.Page(Code, left: 300, top: 2900);

        var read = ScanCodeReader.Read(ScanPages.Png(page), Limits);

        Assert.Equal(Code, Encoding.Latin1.GetString(Assert.Single(read.Codes)));
    }

    [Fact]
    public void A_code_on_a_slightly_skewed_scan_is_found()
    {
        using var page = ScanPages.Page(Code, angle: 3);

        var read = ScanCodeReader.Read(ScanPages.Jpeg(page), Limits);

        Assert.Equal(Code, Encoding.Latin1.GetString(Assert.Single(read.Codes)));
    }

    [Fact]
    public void A_code_in_the_jpeg_page_image_of_a_pdf_is_found()
    {
        using var page = ScanPages.Page(Code);

        var read = ScanCodeReader.Read(ScanPages.PdfOfJpeg(ScanPages.Jpeg(page)), Limits);

        Assert.Equal(Code, Encoding.Latin1.GetString(Assert.Single(read.Codes)));
    }

    [Fact]
    public void A_code_in_the_flate_compressed_grey_page_image_of_a_pdf_is_found()
    {
        using var page = ScanPages.Page(Code, left: 1200, top: 1700);

        var read = ScanCodeReader.Read(ScanPages.PdfOfGray(page), Limits);

        Assert.Equal(Code, Encoding.Latin1.GetString(Assert.Single(read.Codes)));
    }

    [Fact]
    public void Binary_bytes_of_a_code_come_back_as_they_were_written()
    {
        var binary = "DC01FR000001125E125E00\u001d10A\u001f" + new string(Enumerable.Range(0, 64).Select(i => (char)(0x80 + i)).ToArray());
        using var page = ScanPages.Page(binary);

        var read = ScanCodeReader.Read(ScanPages.Png(page), Limits);

        Assert.Equal(Encoding.Latin1.GetBytes(binary), Assert.Single(read.Codes));
    }

    [Fact]
    public void A_page_without_a_code_reads_as_none_found()
    {
        using var page = ScanPages.Page(code: null);

        var read = ScanCodeReader.Read(ScanPages.Jpeg(page), Limits);

        Assert.Equal(ScanReading.NoneFound, read.Reading);
        Assert.Empty(read.Codes);
    }

    [Fact]
    public void An_image_over_the_pixel_limit_is_not_decoded()
    {
        using var page = ScanPages.Page(Code);

        var read = ScanCodeReader.Read(ScanPages.Jpeg(page), Limits with { MaxPixels = 1_000_000 });

        Assert.Equal(ScanReading.TooLarge, read.Reading);
    }

    [Fact]
    public void A_reading_out_of_time_says_so()
    {
        using var page = ScanPages.Page(code: null);

        var read = ScanCodeReader.Read(ScanPages.Png(page), Limits with { MaxTime = TimeSpan.FromTicks(1) });

        Assert.Equal(ScanReading.TimedOut, read.Reading);
    }

    [Fact]
    public void A_pdf_without_a_page_image_is_unreadable()
    {
        var pdf = Encoding.Latin1.GetBytes("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");

        var read = ScanCodeReader.Read(pdf, Limits);

        Assert.Equal(ScanReading.Unreadable, read.Reading);
    }

    [Fact]
    public void Tiles_cover_the_whole_page_and_overlap_by_half()
    {
        var tiles = DataMatrixFinder.Tiles(2480, 3508).ToList();

        Assert.All(tiles, t => Assert.True(t.Left >= 0 && t.Top >= 0 && t.Left + t.Width <= 2480 && t.Top + t.Height <= 3508));
        Assert.Contains(tiles, t => t.Left + t.Width == 2480 && t.Top + t.Height == 3508);
        Assert.Equal(DataMatrixFinder.Tile / 2, tiles.Select(t => t.Left).Distinct().Order().Skip(1).First());
    }
}
