namespace PreDemande.Functions.Lodging;

/// <summary>The type of a scan, told from its first bytes (never from its name or declared type): PDF, JPEG or PNG only.</summary>
public static class FileSignatures
{
    public const string Pdf = "application/pdf";
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";

    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The media type, or null when the bytes are none of the accepted types.</summary>
    public static string? ContentType(ReadOnlySpan<byte> content) =>
        content.StartsWith(PdfMagic) ? Pdf
        : content.StartsWith(JpegMagic) ? Jpeg
        : content.StartsWith(PngMagic) ? Png
        : null;
}
