using System.Diagnostics;
using PreDemande.Core.Proofs;

namespace PreDemande.Functions.Proofs;

/// <summary>The bounds of the work on one scan.</summary>
/// <param name="MaxPixels">The largest image decoded (a 600 dpi A4 page is 35 million pixels).</param>
/// <param name="MaxImages">The images of a PDF read, the largest first.</param>
/// <param name="MaxTime">The time spent looking for codes in one scan.</param>
public sealed record ScanReadLimits(long MaxPixels = 40_000_000, int MaxImages = 6, TimeSpan MaxTime = default)
{
    public TimeSpan Time => MaxTime == default ? TimeSpan.FromSeconds(5) : MaxTime;
}

/// <summary>The codes found in a scan and what the reading gave.</summary>
public sealed record ScanCodes(ScanReading Reading, IReadOnlyList<byte[]> Codes);

/// <summary>
/// Reads the DataMatrix codes of a scanned document: a JPEG or PNG image, or the page images of
/// a PDF (<see cref="PdfImages"/>). The work is bounded in pixels (at most one decoded page at a
/// time: about 5 bytes a pixel, 45 MB for a 300 dpi A4 page), in images and in time.
/// </summary>
public static class ScanCodeReader
{
    public static ScanCodes Read(byte[] content, ScanReadLimits limits)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limits.Time.TotalSeconds * Stopwatch.Frequency);
        // A PDF by its signature; anything else is read as an image if it is a JPEG or PNG (unreadable otherwise).
        return content.AsSpan().StartsWith("%PDF-"u8) ? ReadPdf(content, limits, deadline) : ReadImage(content, limits, deadline);
    }

    private static ScanCodes ReadPdf(byte[] content, ScanReadLimits limits, long deadline)
    {
        IReadOnlyList<PdfImage> images;
        try
        {
            images = PdfImages.Read(content, limits.MaxImages, limits.MaxPixels);
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or OverflowException or ArgumentException)
        {
            return new ScanCodes(ScanReading.Unreadable, []);
        }

        var codes = new List<byte[]>();
        var tooLarge = false;
        var read = 0;
        foreach (var image in images)
        {
            GrayImage? gray = image switch
            {
                PdfImage.Pixels pixels => pixels.Image,
                PdfImage.Jpeg jpeg => GrayImage.Decode(jpeg.Bytes, limits.MaxPixels, out _),
                _ => null,
            };
            tooLarge |= image is PdfImage.Unsupported { Filter: "too-large" };
            if (gray is null)
            {
                continue;
            }

            read++;
            codes.AddRange(DataMatrixFinder.Find(gray, deadline, out var timedOut));
            if (timedOut)
            {
                return new ScanCodes(codes.Count > 0 ? ScanReading.Found : ScanReading.TimedOut, codes);
            }
        }

        return new ScanCodes(
            codes.Count > 0 ? ScanReading.Found : tooLarge ? ScanReading.TooLarge : read == 0 ? ScanReading.Unreadable : ScanReading.NoneFound,
            codes);
    }

    private static ScanCodes ReadImage(byte[] encoded, ScanReadLimits limits, long deadline)
    {
        if (GrayImage.Decode(encoded, limits.MaxPixels, out var tooLarge) is not { } gray)
        {
            return new ScanCodes(tooLarge ? ScanReading.TooLarge : ScanReading.Unreadable, []);
        }

        var codes = DataMatrixFinder.Find(gray, deadline, out var timedOut);
        return new ScanCodes(codes.Count > 0 ? ScanReading.Found : timedOut ? ScanReading.TimedOut : ScanReading.NoneFound, codes);
    }
}
