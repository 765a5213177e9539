using QRCoder;
using SkiaSharp;

namespace PreDemande.Functions.Recap;

/// <summary>
/// A QR code drawn as vector rectangles from QRCoder's module matrix (quiet zone included), so
/// it stays sharp at any print size. Runs of dark modules on a row become one rectangle, in module units.
/// </summary>
public static class QrCodeDrawing
{
    public static void Draw(SKCanvas canvas, string payload, SKPoint topLeft, float width)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix; // includes the 4-module quiet zone
        var module = width / matrix.Count;
        using var dark = new SKPaint { Color = SKColors.Black, IsAntialias = false, Style = SKPaintStyle.Fill };
        using var path = new SKPath();
        for (var row = 0; row < matrix.Count; row++)
        {
            var column = 0;
            while (column < matrix.Count)
            {
                if (!matrix[row][column])
                {
                    column++;
                    continue;
                }

                var start = column;
                while (column < matrix.Count && matrix[row][column])
                {
                    column++;
                }

                path.AddRect(SKRect.Create(start, row, column - start, 1));
            }
        }

        // Drawn in module units (small integers in the PDF), scaled to the requested width.
        canvas.Save();
        canvas.Translate(topLeft.X, topLeft.Y);
        canvas.Scale(module);
        canvas.DrawPath(path, dark);
        canvas.Restore();
    }
}
