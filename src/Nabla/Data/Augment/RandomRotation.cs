namespace Nabla.Data.Augment;

/// <summary>
/// Rotates the image about its centre by an angle drawn uniformly from [−degrees, degrees] (counter-clockwise
/// for positive angles, as torchvision), resampling bilinearly; corners that come from outside take <c>fill</c>.
/// </summary>
public sealed class RandomRotation : IAugmentation
{
    /// <summary>Rotates by up to <paramref name="degrees"/> either way.</summary>
    public RandomRotation(double degrees, float fill = 0f)
    {
        if (!(degrees >= 0) || !double.IsFinite(degrees))
            throw new ArgumentOutOfRangeException(nameof(degrees), $"RandomRotation: degrees must be finite and non-negative, got {degrees}");
        Degrees = degrees;
        Fill = fill;
    }

    /// <summary>The largest rotation either way, in degrees.</summary>
    public double Degrees { get; }

    /// <summary>The value of pixels rotated in from outside.</summary>
    public float Fill { get; }

    /// <inheritdoc/>
    public void Apply(Span<float> sample, ReadOnlySpan<int> shape, Generator rng)
    {
        var (c, h, w) = ImageLayout.Of(shape, sample.Length, "RandomRotation");
        double angle = RandomVariates.Uniform(rng, -Degrees, Degrees);
        Rotate(sample, c, h, w, angle, 0, 0, 1, 0, 0, Fill);
    }

    /// <summary>
    /// Warps by rotation <paramref name="degrees"/> (counter-clockwise on screen, where y points down), then
    /// shear and scale, then translation: A = s · R(θ) · [[1, shearX], [shearY, 1]].
    /// </summary>
    internal static void Rotate(Span<float> sample, int c, int h, int w, double degrees, double tx, double ty,
                                double scale, double shearX, double shearY, float fill)
    {
        double t = degrees * Math.PI / 180.0;
        double cos = Math.Cos(t), sin = Math.Sin(t);
        // R(θ) for y pointing down: x' = cos·x + sin·y, y' = −sin·x + cos·y.
        double a = cos + sin * shearY, b = cos * shearX + sin;
        double cc = -sin + cos * shearY, d = -sin * shearX + cos;
        ImageWarp.Affine(sample, c, h, w, scale * a, scale * b, scale * cc, scale * d, tx, ty, fill);
    }
}
