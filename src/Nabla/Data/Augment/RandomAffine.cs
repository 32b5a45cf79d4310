namespace Nabla.Data.Augment;

/// <summary>
/// A random affine warp about the image centre, like torchvision's <c>RandomAffine</c>: rotation θ uniform in
/// [−degrees, degrees], translation uniform in ±translate·(W, H) pixels, scale uniform in [scaleMin, scaleMax]
/// and shear uniform in [−shear, shear] degrees along x; the map is p ↦ s·R(θ)·Sh·(p − c) + c + t, resampled
/// bilinearly with <c>fill</c> outside.
/// </summary>
public sealed class RandomAffine : IAugmentation
{
    /// <summary>Creates the warp; every range is symmetric about the identity except the scale range.</summary>
    public RandomAffine(double degrees = 0, double translateX = 0, double translateY = 0,
                        double scaleMin = 1, double scaleMax = 1, double shear = 0, float fill = 0f)
    {
        if (!(degrees >= 0)) throw new ArgumentOutOfRangeException(nameof(degrees), $"RandomAffine: degrees must be non-negative, got {degrees}");
        if (!(translateX is >= 0 and <= 1) || !(translateY is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(translateX),
                $"RandomAffine: translate fractions must be in [0, 1], got ({translateX}, {translateY})");
        Probability.Range(scaleMin, scaleMax, "RandomAffine", "scale");
        if (!(scaleMin > 0)) throw new ArgumentOutOfRangeException(nameof(scaleMin), $"RandomAffine: scale must be positive, got {scaleMin}");
        if (!(shear is >= 0 and < 90)) throw new ArgumentOutOfRangeException(nameof(shear), $"RandomAffine: shear must be in [0, 90) degrees, got {shear}");
        Degrees = degrees;
        TranslateX = translateX;
        TranslateY = translateY;
        ScaleMin = scaleMin;
        ScaleMax = scaleMax;
        Shear = shear;
        Fill = fill;
    }

    /// <summary>Largest rotation either way, in degrees.</summary>
    public double Degrees { get; }

    /// <summary>Largest horizontal shift as a fraction of the width.</summary>
    public double TranslateX { get; }

    /// <summary>Largest vertical shift as a fraction of the height.</summary>
    public double TranslateY { get; }

    /// <summary>Smallest scale factor.</summary>
    public double ScaleMin { get; }

    /// <summary>Largest scale factor.</summary>
    public double ScaleMax { get; }

    /// <summary>Largest shear angle along x either way, in degrees.</summary>
    public double Shear { get; }

    /// <summary>Value of pixels that come from outside the image.</summary>
    public float Fill { get; }

    /// <inheritdoc/>
    public void Apply(Span<float> sample, ReadOnlySpan<int> shape, Generator rng)
    {
        var (c, h, w) = ImageLayout.Of(shape, sample.Length, "RandomAffine");
        double angle = RandomVariates.Uniform(rng, -Degrees, Degrees);
        double maxDx = TranslateX * w, maxDy = TranslateY * h;
        double tx = Math.Round(RandomVariates.Uniform(rng, -maxDx, maxDx));
        double ty = Math.Round(RandomVariates.Uniform(rng, -maxDy, maxDy));
        double scale = RandomVariates.Uniform(rng, ScaleMin, ScaleMax);
        double shear = Math.Tan(RandomVariates.Uniform(rng, -Shear, Shear) * Math.PI / 180.0);
        RandomRotation.Rotate(sample, c, h, w, angle, tx, ty, scale, shear, 0, Fill);
    }
}
