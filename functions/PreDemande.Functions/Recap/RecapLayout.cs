using SkiaSharp;

namespace PreDemande.Functions.Recap;

/// <summary>
/// The measurements of the recap, in one place (PDF points: 1 mm = 72 / 25.4 pt).
/// Change the look here, not in the drawing code.
/// </summary>
public static class RecapLayout
{
    public const float PointsPerMm = 72f / 25.4f;
    public static readonly SKSize A4 = new(210 * PointsPerMm, 297 * PointsPerMm);

    public const float Margin = 14 * PointsPerMm;
    public const float LabelWidth = 150;
    public const float ColumnGap = 12;

    public const float TitleSize = 15;
    public const float NumberSize = 24;
    public const float SectionSize = 9.5f;
    public const float TextSize = 8.5f;
    public const float SmallSize = 7.5f;
    public const float LineGap = 3;
    public const float SectionGap = 7;

    public const float QrWidth = 30 * PointsPerMm;
    public static readonly SKSize PhotoBox = new(35 * PointsPerMm, 45 * PointsPerMm);

    public static readonly SKColor Ink = SKColors.Black;
    public static readonly SKColor Muted = new(0x44, 0x44, 0x44);
    public static readonly SKColor Rule = new(0x88, 0x88, 0x88);
}
