using System.Diagnostics;
using System.Text;
using ZXing;
using ZXing.Common;
using ZXing.Datamatrix;

namespace PreDemande.Functions.Proofs;

/// <summary>
/// Finds the DataMatrix codes of a page. A code on a bill is a few centimetres wide among text,
/// and a DataMatrix detector reads a code that fills the image it is given. So the page is first
/// looked over at half resolution for shapes that look like a code (<see cref="CodeCandidates"/>);
/// each is cut out at full resolution with a white quiet zone around it and decoded. When no
/// candidate decodes, the half-resolution page is read again as overlapping square tiles.
/// </summary>
public static class DataMatrixFinder
{
    /// <summary>The side of a tile, in pixels; tiles overlap by half, so a code up to half of it lies whole in one.</summary>
    public const int Tile = 1024;

    /// <summary>The shapes tried as codes, largest and squarest first.</summary>
    public const int MaxCandidates = 24;

    private static readonly Dictionary<DecodeHintType, object> Hints = new() { [DecodeHintType.TRY_HARDER] = true };

    /// <summary>The distinct codes found, as the bytes they hold; stops early when <paramref name="deadline"/> passes (<paramref name="timedOut"/>).</summary>
    public static IReadOnlyList<byte[]> Find(GrayImage page, long deadline, out bool timedOut)
    {
        var codes = new List<byte[]>();
        var reader = new DataMatrixReader();
        var halved = page.Width >= 800 && page.Height >= 800;
        var looked = halved ? page.Half() : page;
        var scale = halved ? 2 : 1;
        timedOut = false;
        foreach (var box in CodeCandidates.Find(looked, minSide: 12, MaxCandidates))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                timedOut = true;
                return codes;
            }

            var cut = CutOut(page, box.Left * scale, box.Top * scale, box.Width * scale, box.Height * scale);
            Add(codes, Decode(reader, new PlanarYUVLuminanceSource(cut.Pixels, cut.Width, cut.Height, 0, 0, cut.Width, cut.Height, false)));
        }

        if (codes.Count == 0)
        {
            foreach (var (left, top, width, height) in Tiles(looked.Width, looked.Height))
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    timedOut = true;
                    return codes;
                }

                Add(codes, Decode(reader, new PlanarYUVLuminanceSource(looked.Pixels, looked.Width, looked.Height, left, top, width, height, false)));
            }
        }

        return codes;
    }

    private static Result? Decode(DataMatrixReader reader, LuminanceSource source)
    {
        try
        {
            return reader.decode(new BinaryBitmap(new HybridBinarizer(source)), Hints);
        }
        catch (ReaderException)
        {
            return null;
        }
    }

    private static void Add(List<byte[]> codes, Result? result)
    {
        if (result?.Text is not { } text)
        {
            return;
        }

        // The decoder writes each byte of the code as one character (ISO-8859-1).
        var bytes = Encoding.Latin1.GetBytes(text);
        if (!codes.Any(c => c.AsSpan().SequenceEqual(bytes)))
        {
            codes.Add(bytes);
        }
    }

    /// <summary>The box (with a small margin) on white paper, a quiet zone of a fifth of its side all round.</summary>
    private static GrayImage CutOut(GrayImage page, int left, int top, int width, int height)
    {
        var margin = Math.Max(4, Math.Max(width, height) / 12);
        var quiet = Math.Max(16, Math.Max(width, height) / 5);
        var (x0, y0) = (Math.Max(0, left - margin), Math.Max(0, top - margin));
        var (x1, y1) = (Math.Min(page.Width, left + width + margin), Math.Min(page.Height, top + height + margin));
        var (w, h) = (x1 - x0 + (2 * quiet), y1 - y0 + (2 * quiet));
        var pixels = new byte[w * h];
        pixels.AsSpan().Fill(255);
        for (var y = y0; y < y1; y++)
        {
            page.Pixels.AsSpan((y * page.Width) + x0, x1 - x0).CopyTo(pixels.AsSpan(((y - y0 + quiet) * w) + quiet));
        }

        return new GrayImage(pixels, w, h);
    }

    /// <summary>The tiles of an image: the whole image when it is small, else squares of <see cref="Tile"/> every half tile, the last ones flush with the edges.</summary>
    public static IEnumerable<(int Left, int Top, int Width, int Height)> Tiles(int width, int height)
    {
        var w = Math.Min(Tile, width);
        var h = Math.Min(Tile, height);
        foreach (var top in Starts(height, h))
        {
            foreach (var left in Starts(width, w))
            {
                yield return (left, top, w, h);
            }
        }
    }

    private static IEnumerable<int> Starts(int length, int size)
    {
        var step = size / 2;
        var last = length - size;
        for (var start = 0; start < last; start += step)
        {
            yield return start;
        }

        yield return last;
    }
}
