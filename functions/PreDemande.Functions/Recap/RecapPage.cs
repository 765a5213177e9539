using SkiaSharp;
using static PreDemande.Functions.Recap.RecapLayout;

namespace PreDemande.Functions.Recap;

/// <summary>
/// A flowing page: a cursor that moves down as sections, label/value rows and paragraphs are
/// drawn, within a column; a new page starts when the current one is full.
/// </summary>
public sealed class RecapPage(SKDocument document, RecapFonts fonts) : IDisposable
{
    private readonly SKPaint _ink = new() { Color = Ink, IsAntialias = true };
    private readonly SKPaint _muted = new() { Color = Muted, IsAntialias = true };
    private readonly SKPaint _rule = new() { Color = Rule, StrokeWidth = 0.6f, IsStroke = true, IsAntialias = true };
    private readonly Dictionary<(SKTypeface Face, float Size), SKFont> _fonts = [];
    private SKCanvas? _canvas;

    public float Y { get; set; }

    /// <summary>Left edge and width of the column text flows in.</summary>
    public float Left { get; set; } = Margin;

    public float Width { get; set; } = A4.Width - (2 * Margin);

    public SKCanvas Canvas => _canvas ?? NewPage();

    public SKCanvas NewPage()
    {
        if (_canvas is not null)
        {
            document.EndPage();
        }

        _canvas = document.BeginPage(A4.Width, A4.Height);
        Y = Margin;
        return _canvas;
    }

    public void Finish()
    {
        if (_canvas is not null)
        {
            document.EndPage();
            _canvas = null;
        }
    }

    /// <summary>One line of text at (x, baseline y), without moving the cursor.</summary>
    public void Text(string text, float x, float baseline, SKTypeface face, float size, bool muted = false, SKTextAlign align = SKTextAlign.Left)
    {
        Canvas.DrawText(text, x, baseline, align, Font(face, size), muted ? _muted : _ink);
    }

    /// <summary>
    /// The font of a face and size, made once per page set: unhinted, with fractional advances,
    /// since PDF text is positioned in points, not pixels.
    /// </summary>
    private SKFont Font(SKTypeface face, float size)
    {
        if (!_fonts.TryGetValue((face, size), out var font))
        {
            font = new SKFont(face, size) { Subpixel = true, LinearMetrics = true, Hinting = SKFontHinting.None };
            _fonts[(face, size)] = font;
        }

        return font;
    }

    /// <summary>A section title with a rule under it.</summary>
    public void Section(string title)
    {
        EnsureRoom(SectionGap + SectionSize + TextSize * 3);
        Y += SectionGap + SectionSize;
        Text(title.ToUpperInvariant(), Left, Y, fonts.Bold, SectionSize);
        Y += 3;
        Canvas.DrawLine(Left, Y, Left + Width, Y, _rule);
        Y += LineGap + 1;
    }

    /// <summary>A label on the left, its value wrapped on the right.</summary>
    public void Row(string label, string? value)
    {
        var lines = Wrap(string.IsNullOrWhiteSpace(value) ? "—" : value, fonts.Bold, TextSize, Width - LabelWidth);
        EnsureRoom(lines.Count * (TextSize + LineGap));
        Y += TextSize;
        Text(label, Left, Y, fonts.Regular, TextSize, muted: true);
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0)
            {
                Y += TextSize + LineGap;
            }

            Text(lines[i], Left + LabelWidth, Y, fonts.Bold, TextSize);
        }

        Y += LineGap;
    }

    /// <summary>A wrapped paragraph, optionally as a bullet item.</summary>
    public void Paragraph(string text, float size = TextSize, bool bullet = false, bool bold = false)
    {
        var indent = bullet ? 10f : 0f;
        var face = bold ? fonts.Bold : fonts.Regular;
        var lines = Wrap(text, face, size, Width - indent);
        EnsureRoom(lines.Count * (size + LineGap));
        for (var i = 0; i < lines.Count; i++)
        {
            Y += size;
            if (bullet && i == 0)
            {
                Text("•", Left + 2, Y, fonts.Regular, size);
            }

            Text(lines[i], Left + indent, Y, face, size);
            Y += LineGap;
        }
    }

    /// <summary>A dashed frame with a centred caption, e.g. where to glue the photo.</summary>
    public void Box(SKRect frame, params string[] caption)
    {
        using var dashes = SKPathEffect.CreateDash([4, 3], 0);
        using var border = new SKPaint { Color = Ink, StrokeWidth = 0.8f, IsStroke = true, PathEffect = dashes };
        Canvas.DrawRect(frame, border);
        var baseline = frame.MidY - ((caption.Length - 1) * (SmallSize + 2) / 2);
        foreach (var line in caption)
        {
            Text(line, frame.MidX, baseline, fonts.Regular, SmallSize, muted: true, SKTextAlign.Center);
            baseline += SmallSize + 2;
        }
    }

    public void Space(float points) => Y += points;

    public void Dispose()
    {
        _ink.Dispose();
        _muted.Dispose();
        _rule.Dispose();
        foreach (var font in _fonts.Values)
        {
            font.Dispose();
        }
    }

    private void EnsureRoom(float height)
    {
        if (_canvas is null || Y + height > A4.Height - Margin)
        {
            NewPage();
        }
    }

    private List<string> Wrap(string text, SKTypeface face, float size, float width)
    {
        var font = Font(face, size);
        var lines = new List<string>();
        var line = string.Empty;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : $"{line} {word}";
            if (line.Length > 0 && font.MeasureText(candidate) > width)
            {
                lines.Add(line);
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        lines.Add(line);
        return lines;
    }
}
