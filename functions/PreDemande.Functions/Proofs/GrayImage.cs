using SkiaSharp;

namespace PreDemande.Functions.Proofs;

/// <summary>An image as 8-bit luminance, one byte per pixel, rows top to bottom.</summary>
public sealed record GrayImage(byte[] Pixels, int Width, int Height)
{
    /// <summary>ITU-R BT.601 luma of an RGB pixel.</summary>
    public static byte Luma(byte r, byte g, byte b) => (byte)(((299 * r) + (587 * g) + (114 * b)) / 1000);

    /// <summary>The image at half its size in each direction (a 2×2 mean per pixel).</summary>
    public GrayImage Half()
    {
        var (w, h) = (Width / 2, Height / 2);
        var pixels = new byte[w * h];
        for (var y = 0; y < h; y++)
        {
            var top = Pixels.AsSpan(2 * y * Width, Width);
            var bottom = Pixels.AsSpan(((2 * y) + 1) * Width, Width);
            var line = pixels.AsSpan(y * w, w);
            for (var x = 0; x < w; x++)
            {
                line[x] = (byte)((top[2 * x] + top[(2 * x) + 1] + bottom[2 * x] + bottom[(2 * x) + 1] + 2) / 4);
            }
        }

        return new GrayImage(pixels, w, h);
    }

    /// <summary>
    /// Decodes a JPEG or PNG to luminance; null when the bytes do not decode, or (with
    /// <paramref name="tooLarge"/>) when the size its header declares is over <paramref name="maxPixels"/>:
    /// then no pixel is decoded.
    /// </summary>
    public static GrayImage? Decode(ReadOnlySpan<byte> encoded, long maxPixels, out bool tooLarge)
    {
        tooLarge = false;
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return null;
        }

        if ((long)codec.Info.Width * codec.Info.Height > maxPixels)
        {
            tooLarge = true;
            return null;
        }

        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            return null;
        }

        var rgba = bitmap.GetPixelSpan();
        var pixels = new byte[info.Width * info.Height];
        for (var i = 0; i < pixels.Length; i++)
        {
            // Transparent pixels count as white paper.
            var a = rgba[(4 * i) + 3];
            var luma = Luma(rgba[4 * i], rgba[(4 * i) + 1], rgba[(4 * i) + 2]);
            pixels[i] = (byte)(((luma * a) + (255 * (255 - a))) / 255);
        }

        return new GrayImage(pixels, info.Width, info.Height);
    }
}
