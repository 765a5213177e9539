namespace PreDemande.Functions.Proofs;

/// <summary>
/// Where on a page a DataMatrix code may be: the bounding boxes of the connected dark shapes whose
/// size and ink look like a code (a square or an oblong of modules, about half of them dark),
/// largest first. A code's solid L-shaped border joins it into one shape as wide and high as the
/// symbol; letters and words are smaller, thinner or emptier.
/// </summary>
public static class CodeCandidates
{
    public readonly record struct Box(int Left, int Top, int Width, int Height)
    {
        public int Right => Left + Width;

        public int Bottom => Top + Height;
    }

    /// <param name="minSide">The smallest side of a code in this image's pixels.</param>
    /// <param name="max">How many boxes to answer.</param>
    public static IReadOnlyList<Box> Find(GrayImage image, int minSide, int max)
    {
        var (w, h) = (image.Width, image.Height);
        var threshold = Otsu(image.Pixels);
        var labels = new int[w * h];
        var parent = new List<int> { 0 };

        int Root(int label)
        {
            while (parent[label] != label)
            {
                parent[label] = parent[parent[label]];
                label = parent[label];
            }

            return label;
        }

        // First pass: label dark pixels from their left and upper neighbours (8-connected), noting equivalences.
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = (y * w) + x;
                if (image.Pixels[i] > threshold)
                {
                    continue;
                }

                var label = 0;
                Span<int> neighbours = [x > 0 ? labels[i - 1] : 0, y > 0 && x > 0 ? labels[i - w - 1] : 0, y > 0 ? labels[i - w] : 0, y > 0 && x < w - 1 ? labels[i - w + 1] : 0];
                foreach (var n in neighbours)
                {
                    if (n == 0)
                    {
                        continue;
                    }

                    if (label == 0)
                    {
                        label = Root(n);
                    }
                    else
                    {
                        var (a, b) = (Root(label), Root(n));
                        if (a != b)
                        {
                            parent[Math.Max(a, b)] = Math.Min(a, b);
                            label = Math.Min(a, b);
                        }
                    }
                }

                if (label == 0)
                {
                    label = parent.Count;
                    parent.Add(label);
                }

                labels[i] = label;
            }
        }

        // Second pass: the bounding box of each shape.
        var boxes = new Dictionary<int, (int MinX, int MinY, int MaxX, int MaxY)>();
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var label = labels[(y * w) + x];
                if (label == 0)
                {
                    continue;
                }

                var root = Root(label);
                boxes[root] = boxes.TryGetValue(root, out var b)
                    ? (Math.Min(b.MinX, x), Math.Min(b.MinY, y), Math.Max(b.MaxX, x), Math.Max(b.MaxY, y))
                    : (x, y, x, y);
            }
        }

        return boxes.Values
            .Select(b => new Box(b.MinX, b.MinY, b.MaxX - b.MinX + 1, b.MaxY - b.MinY + 1))
            .Where(b => Math.Min(b.Width, b.Height) >= minSide && Math.Max(b.Width, b.Height) <= 4 * Math.Min(b.Width, b.Height)
                && Math.Max(b.Width, b.Height) <= Math.Max(w, h) / 2)
            .Where(b => Ink(image, b, threshold) is >= 0.25 and <= 0.8)
            .OrderByDescending(b => Squareness(b))
            .ThenByDescending(b => b.Width * b.Height)
            .Take(max)
            .ToList();
    }

    private static double Squareness(Box b) => Math.Round((double)Math.Min(b.Width, b.Height) / Math.Max(b.Width, b.Height), 1);

    private static double Ink(GrayImage image, Box box, int threshold)
    {
        var dark = 0;
        for (var y = box.Top; y < box.Bottom; y++)
        {
            foreach (var pixel in image.Pixels.AsSpan((y * image.Width) + box.Left, box.Width))
            {
                dark += pixel <= threshold ? 1 : 0;
            }
        }

        return (double)dark / (box.Width * box.Height);
    }

    /// <summary>The grey level that best parts dark from light (Otsu's method).</summary>
    public static int Otsu(ReadOnlySpan<byte> pixels)
    {
        Span<long> histogram = stackalloc long[256];
        foreach (var p in pixels)
        {
            histogram[p]++;
        }

        double sum = 0;
        for (var i = 0; i < 256; i++)
        {
            sum += i * (double)histogram[i];
        }

        double sumDark = 0, best = -1;
        long dark = 0;
        var threshold = 127;
        for (var t = 0; t < 256; t++)
        {
            dark += histogram[t];
            if (dark == 0)
            {
                continue;
            }

            var light = pixels.Length - dark;
            if (light == 0)
            {
                break;
            }

            sumDark += t * (double)histogram[t];
            var meanDark = sumDark / dark;
            var meanLight = (sum - sumDark) / light;
            var between = (double)dark * light * (meanDark - meanLight) * (meanDark - meanLight);
            if (between > best)
            {
                best = between;
                threshold = t;
            }
        }

        return threshold;
    }
}
