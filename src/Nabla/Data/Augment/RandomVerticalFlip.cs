namespace Nabla.Data.Augment;

/// <summary>Mirrors the image top–bottom with probability p: out[c, y, x] = in[c, H−1−y, x].</summary>
public sealed class RandomVerticalFlip : IAugmentation
{
    /// <summary>Flips with probability <paramref name="p"/>.</summary>
    public RandomVerticalFlip(double p = 0.5)
    {
        Probability.Check(p, "RandomVerticalFlip");
        P = p;
    }

    /// <summary>The flip probability.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public void Apply(Span<float> sample, ReadOnlySpan<int> shape, Generator rng)
    {
        var (c, h, w) = ImageLayout.Of(shape, sample.Length, "RandomVerticalFlip");
        if (rng.NextDouble() >= P) return;
        var temp = AugmentScratch.Get(w);
        for (int ch = 0; ch < c; ch++)
        {
            var plane = sample.Slice(ch * h * w, h * w);
            for (int y = 0; y < h / 2; y++)
            {
                var top = plane.Slice(y * w, w);
                var bottom = plane.Slice((h - 1 - y) * w, w);
                top.CopyTo(temp);
                bottom.CopyTo(top);
                temp.CopyTo(bottom);
            }
        }
    }
}
