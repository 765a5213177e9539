using SkiaSharp;
using PreDemande.Functions.Hosting;

namespace PreDemande.Functions.Recap;

/// <summary>The three DejaVu faces shipped (subset) in Recap/Fonts, loaded once.</summary>
public sealed class RecapFonts : IDisposable
{
    public RecapFonts()
    {
        Regular = Load("DejaVuSans.subset.ttf");
        Bold = Load("DejaVuSans-Bold.subset.ttf");
        Mono = Load("DejaVuSansMono-Bold.subset.ttf");
    }

    public SKTypeface Regular { get; }

    public SKTypeface Bold { get; }

    /// <summary>Only A-Z, 0-9 and space: for the pre-application number.</summary>
    public SKTypeface Mono { get; }

    public void Dispose()
    {
        Regular.Dispose();
        Bold.Dispose();
        Mono.Dispose();
    }

    private static SKTypeface Load(string file)
    {
        using var stream = EmbeddedFiles.Open($"PreDemande.Fonts.{file}");
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"Font {file} could not be read");
    }
}
