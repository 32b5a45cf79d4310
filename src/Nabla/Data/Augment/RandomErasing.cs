namespace Nabla.Data.Augment;

/// <summary>
/// Random erasing (Zhong et al., 2017; Cutout when the value is 0), like torchvision's <c>RandomErasing</c>: with
/// probability p, a box covering a fraction of the area uniform in [scaleMin, scaleMax] with aspect ratio h/w
/// log-uniform in [ratioMin, ratioMax] is set to <c>value</c> in every channel (up to 10 tries to fit the box;
/// none fits → unchanged).
/// </summary>
public sealed class RandomErasing : IAugmentation
{
    /// <summary>Creates the transform with torchvision's defaults.</summary>
    public RandomErasing(double p = 0.5, double scaleMin = 0.02, double scaleMax = 0.33,
                         double ratioMin = 0.3, double ratioMax = 3.3, float value = 0f)
    {
        Probability.Check(p, "RandomErasing");
        Probability.Range(scaleMin, scaleMax, "RandomErasing", "scale");
        Probability.Range(ratioMin, ratioMax, "RandomErasing", "ratio");
        if (scaleMin < 0 || scaleMax > 1 || !(ratioMin > 0))
            throw new ArgumentOutOfRangeException(nameof(scaleMin),
                $"RandomErasing: scale must lie in [0, 1] and ratio be positive, got scale ({scaleMin}, {scaleMax}), ratio ({ratioMin}, {ratioMax})");
        P = p;
        ScaleMin = scaleMin;
        ScaleMax = scaleMax;
        RatioMin = ratioMin;
        RatioMax = ratioMax;
        Value = value;
    }

    /// <summary>Probability of erasing.</summary>
    public double P { get; }

    /// <summary>Smallest erased fraction of the area.</summary>
    public double ScaleMin { get; }

    /// <summary>Largest erased fraction of the area.</summary>
    public double ScaleMax { get; }

    /// <summary>Smallest aspect ratio (height / width) of the box.</summary>
    public double RatioMin { get; }

    /// <summary>Largest aspect ratio (height / width) of the box.</summary>
    public double RatioMax { get; }

    /// <summary>The value written into the box.</summary>
    public float Value { get; }

    /// <inheritdoc/>
    public void Apply(Span<float> sample, ReadOnlySpan<int> shape, Generator rng)
    {
        var (c, h, w) = ImageLayout.Of(shape, sample.Length, "RandomErasing");
        if (rng.NextDouble() >= P) return;
        double area = (double)h * w;
        double logLow = Math.Log(RatioMin), logHigh = Math.Log(RatioMax);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * RandomVariates.Uniform(rng, ScaleMin, ScaleMax);
            double ratio = Math.Exp(RandomVariates.Uniform(rng, logLow, logHigh));
            int bh = (int)Math.Round(Math.Sqrt(target * ratio));
            int bw = (int)Math.Round(Math.Sqrt(target / ratio));
            if (!(bh < h && bw < w) || bh == 0 || bw == 0) continue;
            int top = rng.NextInt(h - bh + 1), left = rng.NextInt(w - bw + 1);
            for (int ch = 0; ch < c; ch++)
                for (int y = top; y < top + bh; y++)
                    sample.Slice(ch * h * w + y * w + left, bw).Fill(Value);
            return;
        }
    }
}
