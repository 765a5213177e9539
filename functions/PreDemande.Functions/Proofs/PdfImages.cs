using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace PreDemande.Functions.Proofs;

/// <summary>An image embedded in a PDF: JPEG bytes as they are (<c>DCTDecode</c>), or pixels already read to grey.</summary>
public abstract record PdfImage(int Width, int Height)
{
    public sealed record Jpeg(int Width, int Height, byte[] Bytes) : PdfImage(Width, Height);

    public sealed record Pixels(GrayImage Image) : PdfImage(Image.Width, Image.Height);

    /// <summary>An image whose encoding is not read here (CCITT fax, JBIG2, JPEG 2000, a palette): counted, not decoded.</summary>
    public sealed record Unsupported(int Width, int Height, string Filter) : PdfImage(Width, Height);
}

/// <summary>
/// The page images of a PDF as a scanner writes them: every image XObject (<c>/Subtype /Image</c>),
/// JPEG (<c>DCTDecode</c>) or Flate-compressed pixels (grey, RGB or CMYK, 8 bits or 1 bit, with or
/// without a PNG predictor). Pages are not rendered: a code drawn as vectors is not seen. An image
/// is a top-level object (never inside an object stream), so a pass over the file's objects finds
/// them all; at most <paramref name="maxImages"/> are read, the largest first.
/// </summary>
public static partial class PdfImages
{
    public static IReadOnlyList<PdfImage> Read(byte[] pdf, int maxImages, long maxPixels)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var found = new List<(int Start, int DictEnd, string Dict)>();
        foreach (Match header in ObjectHeader().Matches(text))
        {
            var start = header.Index + header.Length;
            var dictEnd = text.IndexOf("stream", start, StringComparison.Ordinal);
            var objEnd = text.IndexOf("endobj", start, StringComparison.Ordinal);
            if (dictEnd < 0 || (objEnd >= 0 && objEnd < dictEnd))
            {
                continue; // no stream in this object
            }

            var dict = text[start..dictEnd];
            if (ImageSubtype().IsMatch(dict) && !dict.Contains("/ImageMask true", StringComparison.Ordinal))
            {
                found.Add((start, dictEnd, dict));
            }
        }

        var images = new List<PdfImage>();
        foreach (var (_, dictEnd, dict) in found
                     .Select(f => (f.Start, f.DictEnd, f.Dict, Pixels: (long)Number(f.Dict, "Width") * Number(f.Dict, "Height")))
                     .OrderByDescending(f => f.Pixels)
                     .Select(f => (f.Start, f.DictEnd, f.Dict))
                     .Take(maxImages))
        {
            var width = Number(dict, "Width");
            var height = Number(dict, "Height");
            if (width <= 0 || height <= 0)
            {
                continue;
            }

            if ((long)width * height > maxPixels)
            {
                images.Add(new PdfImage.Unsupported(width, height, "too-large"));
                continue;
            }

            if (StreamBytes(text, pdf, dictEnd, dict) is not { } data)
            {
                continue;
            }

            images.Add(Decode(dict, width, height, data));
        }

        return images;
    }

    private static PdfImage Decode(string dict, int width, int height, byte[] data)
    {
        var filters = Filters(dict);
        if (filters is ["DCTDecode"])
        {
            return new PdfImage.Jpeg(width, height, data);
        }

        if (filters is ["FlateDecode", "DCTDecode"])
        {
            return new PdfImage.Jpeg(width, height, Inflate(data));
        }

        if (filters.Length > 1 || filters is [not "FlateDecode"] || dict.Contains("/Indexed", StringComparison.Ordinal))
        {
            return new PdfImage.Unsupported(width, height, string.Join('+', filters));
        }

        var raw = filters.Length == 0 ? data : Inflate(data);
        var bits = Number(dict, "BitsPerComponent") is > 0 and var b ? b : 8;
        var predictor = Number(dict, "Predictor");
        var invert = DecodeInverted().IsMatch(dict);
        return ToGray(raw, width, height, bits, predictor, invert) is { } gray
            ? new PdfImage.Pixels(gray)
            : new PdfImage.Unsupported(width, height, $"FlateDecode/{bits}bit");
    }

    // Components told from the data's length: a colour space may be an indirect ICC profile.
    private static GrayImage? ToGray(byte[] raw, int width, int height, int bits, int predictor, bool invert)
    {
        if (bits is not (1 or 8))
        {
            return null;
        }

        var png = predictor >= 10;
        var rowBytesWithTag = raw.Length / height;
        var rowBytes = png ? rowBytesWithTag - 1 : rowBytesWithTag;
        var components = bits == 8 ? rowBytes / width : 1;
        if (components is not (1 or 3 or 4) || (bits == 1 && rowBytes < (width + 7) / 8) || rowBytes <= 0)
        {
            return null;
        }

        var rows = png ? Unpredict(raw, rowBytes, height, Math.Max(1, components * bits / 8)) : raw;
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var row = rows.AsSpan(y * rowBytes, rowBytes);
            var line = pixels.AsSpan(y * width, width);
            for (var x = 0; x < width; x++)
            {
                line[x] = (bits, components) switch
                {
                    (1, _) => (row[x >> 3] & (0x80 >> (x & 7))) != 0 ? (byte)255 : (byte)0,
                    (_, 1) => row[x],
                    (_, 3) => GrayImage.Luma(row[3 * x], row[(3 * x) + 1], row[(3 * x) + 2]),
                    _ => (byte)(255 - Math.Min(255, GrayImage.Luma(row[4 * x], row[(4 * x) + 1], row[(4 * x) + 2]) + row[(4 * x) + 3])),
                };
            }
        }

        if (invert)
        {
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (byte)(255 - pixels[i]);
            }
        }

        return new GrayImage(pixels, width, height);
    }

    // PNG predictors (PDF 32000-1 §7.4.4.4): each row starts with its filter type.
    private static byte[] Unpredict(byte[] raw, int rowBytes, int height, int bytesPerPixel)
    {
        var output = new byte[rowBytes * height];
        for (var y = 0; y < height; y++)
        {
            var type = raw[y * (rowBytes + 1)];
            var source = raw.AsSpan((y * (rowBytes + 1)) + 1, rowBytes);
            var row = output.AsSpan(y * rowBytes, rowBytes);
            var above = y == 0 ? default : output.AsSpan((y - 1) * rowBytes, rowBytes);
            for (var i = 0; i < rowBytes; i++)
            {
                int left = i >= bytesPerPixel ? row[i - bytesPerPixel] : 0;
                int up = y > 0 ? above[i] : 0;
                int upLeft = y > 0 && i >= bytesPerPixel ? above[i - bytesPerPixel] : 0;
                row[i] = (byte)(source[i] + type switch
                {
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => 0,
                });
            }
        }

        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] Inflate(byte[] data)
    {
        using var input = new ZLibStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static byte[]? StreamBytes(string text, byte[] pdf, int streamKeyword, string dict)
    {
        var start = streamKeyword + "stream".Length;
        if (start < text.Length && text[start] == '\r')
        {
            start++;
        }

        if (start < text.Length && text[start] == '\n')
        {
            start++;
        }

        var length = LengthOf(text, dict);
        if (length is null || start + length > pdf.Length)
        {
            var end = text.IndexOf("endstream", start, StringComparison.Ordinal);
            if (end < 0)
            {
                return null;
            }

            length = end - start;
        }

        return pdf.AsSpan(start, length.Value).ToArray();
    }

    private static int? LengthOf(string text, string dict)
    {
        var match = LengthEntry().Match(dict);
        if (!match.Success)
        {
            return null;
        }

        if (!match.Groups[2].Success)
        {
            return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        // An indirect length: "N G R" names an object holding the number.
        var target = new Regex($@"(?<![0-9]){match.Groups[1].Value}\s+{match.Groups[2].Value}\s+obj\s*(\d+)\s*endobj", RegexOptions.None, TimeSpan.FromSeconds(1)).Match(text);
        return target.Success ? int.Parse(target.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    private static int Number(string dict, string key)
    {
        var match = Regex.Match(dict, $@"/{key}\s+(\d+)(?!\s+\d+\s+R)", RegexOptions.None, TimeSpan.FromSeconds(1));
        return match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }

    private static string[] Filters(string dict)
    {
        var match = FilterEntry().Match(dict);
        if (!match.Success)
        {
            return [];
        }

        return match.Groups[1].Success
            ? [match.Groups[1].Value]
            : FilterName().Matches(match.Groups[2].Value).Select(m => m.Groups[1].Value).ToArray();
    }

    [GeneratedRegex(@"(?<![0-9])\d+\s+\d+\s+obj\b")]
    private static partial Regex ObjectHeader();

    [GeneratedRegex(@"/Subtype\s*/Image\b")]
    private static partial Regex ImageSubtype();

    [GeneratedRegex(@"/Length\s+(\d+)(?:\s+(\d+)\s+R)?")]
    private static partial Regex LengthEntry();

    [GeneratedRegex(@"/Filter\s*(?:/(\w+)|\[([^\]]*)\])")]
    private static partial Regex FilterEntry();

    [GeneratedRegex(@"/(\w+)")]
    private static partial Regex FilterName();

    [GeneratedRegex(@"/Decode\s*\[\s*1(?:\.0*)?\s+0(?:\.0*)?\s*\]")]
    private static partial Regex DecodeInverted();
}
