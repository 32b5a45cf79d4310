namespace Nabla.Data.Augment;

/// <summary>
/// Crops a random box and resizes it back to the image size (bilinear), like torchvision's
/// <c>RandomResizedCrop(size=(H, W), scale, ratio)</c>: the box covers a fraction of the area drawn uniformly from
/// [scaleMin, scaleMax] with aspect ratio w/h log-uniform in [ratioMin, ratioMax]; after 10 failed tries it falls
/// back to the largest centred box within the ratio range. The output size always equals the input size, which
/// keeps the transform shape-preserving (resize beforehand if another size is wanted).
/// </summary>
public sealed class RandomResizedCrop : IAugmentation
{
    /// <summary>Creates the transform with torchvision's defaults scale (0.08, 1) and ratio (3/4, 4/3).</summary>
    public RandomResizedCrop(double scaleMin = 0.08, double scaleMax = 1.0, double ratioMin = 3.0 / 4.0, double ratioMax = 4.0 / 3.0)
    {
        Probability.Range(scaleMin, scaleMax, "RandomResizedCrop", "scale");
        Probability.Range(ratioMin, ratioMax, "RandomResizedCrop", "ratio");
        if (!(scaleMin > 0) || scaleMax > 1)
            throw new ArgumentOutOfRangeException(nameof(scaleMin), $"RandomResizedCrop: scale must lie in (0, 1], got ({scaleMin}, {scaleMax})");
        if (!(ratioMin > 0))
            throw new ArgumentOutOfRangeException(nameof(ratioMin), $"RandomResizedCrop: ratio must be positive, got ({ratioMin}, {ratioMax})");
        ScaleMin = scaleMin;
        ScaleMax = scaleMax;
        RatioMin = ratioMin;
        RatioMax = ratioMax;
    }

    /// <summary>Smallest fraction of the area kept.</summary>
    public double ScaleMin { get; }

    /// <summary>Largest fraction of the area kept.</summary>
    public double ScaleMax { get; }

    /// <summary>Smallest aspect ratio (width / height) of the box.</summary>
    public double RatioMin { get; }

    /// <summary>Largest aspect ratio (width / height) of the box.</summary>
    public double RatioMax { get; }

    /// <inheritdoc/>
    public void Apply(Span<float> sample, ReadOnlySpan<int> shape, Generator rng)
    {
        var (c, h, w) = ImageLayout.Of(shape, sample.Length, "RandomResizedCrop");
        var (top, left, bh, bw) = Box(h, w, rng);
        ImageWarp.CropResize(sample, c, h, w, top, left, bh, bw);
    }

    private (int Top, int Left, int Height, int Width) Box(int h, int w, Generator rng)
    {
        double area = (double)h * w;
        double logLow = Math.Log(RatioMin), logHigh = Math.Log(RatioMax);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * RandomVariates.Uniform(rng, ScaleMin, ScaleMax);
            double ratio = Math.Exp(RandomVariates.Uniform(rng, logLow, logHigh));
            int bw = (int)Math.Round(Math.Sqrt(target * ratio));
            int bh = (int)Math.Round(Math.Sqrt(target / ratio));
            if (bw > 0 && bh > 0 && bw <= w && bh <= h)
                return (rng.NextInt(h - bh + 1), rng.NextInt(w - bw + 1), bh, bw);
        }
        double inRatio = (double)w / h;
        int cw = w, ch = h;
        if (inRatio < RatioMin) ch = (int)Math.Round(w / RatioMin);
        else if (inRatio > RatioMax) cw = (int)Math.Round(h * RatioMax);
        return ((h - ch) / 2, (w - cw) / 2, ch, cw);
    }
}
