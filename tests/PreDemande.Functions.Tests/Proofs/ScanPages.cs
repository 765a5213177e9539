using System.IO.Compression;
using System.Text;
using SkiaSharp;
using ZXing;
using ZXing.Datamatrix;
using ZXing.Datamatrix.Encoder;

namespace PreDemande.Functions.Tests.Proofs;

/// <summary>
/// Scan-like pages for the tests: an A4 sheet at 300 dpi with lines of text-like marks and a
/// DataMatrix code drawn where a bill prints its 2D-Doc, as JPEG, PNG, or a PDF holding the page
/// image as a scanner writes it (JPEG as DCTDecode, or grey pixels as FlateDecode).
/// </summary>
public static class ScanPages
{
    public const int A4Width = 2480;
    public const int A4Height = 3508;

    /// <summary>The page's pixels, white with text marks, and the code (if any) at (<paramref name="left"/>, <paramref name="top"/>), <paramref name="module"/> pixels a module.</summary>
    public static SKBitmap Page(string? code, int left = 1900, int top = 300, int module = 6, int seed = 7, float angle = 0)
    {
        var bitmap = new SKBitmap(new SKImageInfo(A4Width, A4Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(new SKColor(250, 250, 247));
        using var ink = new SKPaint { Color = new SKColor(30, 30, 35), IsAntialias = true };
        var random = new Random(seed);
        for (var y = 200; y < A4Height - 200; y += 60)
        {
            for (var x = 180; x < A4Width - 200;)
            {
                var word = random.Next(30, 160);
                if (code is not null && x + word > left - 40 && x < left + 400 && y > top - 60 && y < top + 400)
                {
                    x += word + 25;
                    continue; // the code's quiet zone
                }

                canvas.DrawRect(x, y, word, 28, ink);
                x += word + 25;
            }
        }

        if (code is not null)
        {
            var matrix = new DataMatrixWriter().encode(code, BarcodeFormat.DATA_MATRIX, 0, 0, new Dictionary<EncodeHintType, object>
            {
                [EncodeHintType.DATA_MATRIX_SHAPE] = SymbolShapeHint.FORCE_SQUARE,
                [EncodeHintType.MARGIN] = 0,
            });
            using var black = new SKPaint { Color = SKColors.Black };
            canvas.Save();
            canvas.RotateDegrees(angle, left, top);
            for (var y = 0; y < matrix.Height; y++)
            {
                for (var x = 0; x < matrix.Width; x++)
                {
                    if (matrix[x, y])
                    {
                        canvas.DrawRect(left + (x * module), top + (y * module), module, module, black);
                    }
                }
            }

            canvas.Restore();
        }

        return bitmap;
    }

    public static byte[] Jpeg(SKBitmap page, int quality = 85) => Encode(page, SKEncodedImageFormat.Jpeg, quality);

    public static byte[] Png(SKBitmap page) => Encode(page, SKEncodedImageFormat.Png, 100);

    /// <summary>A one-page PDF whose page is the JPEG, as a scanner (or img2pdf) writes it.</summary>
    public static byte[] PdfOfJpeg(byte[] jpeg, int width = A4Width, int height = A4Height) =>
        Pdf(width, height, $"/Filter /DCTDecode /ColorSpace /DeviceRGB /BitsPerComponent 8", jpeg);

    /// <summary>A one-page PDF whose page is grey pixels, Flate-compressed, with an indirect /Length.</summary>
    public static byte[] PdfOfGray(SKBitmap page)
    {
        var gray = new byte[page.Width * page.Height];
        var pixels = page.Pixels;
        for (var i = 0; i < gray.Length; i++)
        {
            gray[i] = (byte)((pixels[i].Red + pixels[i].Green + pixels[i].Blue) / 3);
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(gray);
        }

        return Pdf(page.Width, page.Height, "/Filter /FlateDecode /ColorSpace /DeviceGray /BitsPerComponent 8", compressed.ToArray(), indirectLength: true);
    }

    private static byte[] Encode(SKBitmap page, SKEncodedImageFormat format, int quality)
    {
        using var image = SKImage.FromBitmap(page);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    private static byte[] Pdf(int width, int height, string imageEntries, byte[] data, bool indirectLength = false)
    {
        using var pdf = new MemoryStream();
        var offsets = new List<long>();
        void Write(string text) => pdf.Write(Encoding.Latin1.GetBytes(text));
        void Object(string body)
        {
            offsets.Add(pdf.Position);
            Write($"{offsets.Count} 0 obj\n{body}\nendobj\n");
        }

        Write("%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
        Object("<< /Type /Catalog /Pages 2 0 R >>");
        Object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        Object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>");
        offsets.Add(pdf.Position);
        var length = indirectLength ? "6 0 R" : data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Write($"4 0 obj\n<< /Type /XObject /Subtype /Image /Width {width} /Height {height} {imageEntries} /Length {length} >>\nstream\n");
        pdf.Write(data);
        Write("\nendstream\nendobj\n");
        const string content = "q 595 0 0 842 0 0 cm /Im0 Do Q";
        Object($"<< /Length {content.Length} >>\nstream\n{content}\nendstream");
        Object(data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var xref = pdf.Position;
        Write($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write($"{offset:D10} 00000 n \n");
        }

        Write($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }
}
