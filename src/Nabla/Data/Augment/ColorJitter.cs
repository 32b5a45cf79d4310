namespace Nabla.Data.Augment;

/// <summary>
/// Random brightness and contrast for images with values in [0, 1], like torchvision's <c>ColorJitter</c>:
/// brightness x ↦ clamp(b·x, 0, 1) with b uniform in [max(0, 1 − brightness), 1 + brightness], then contrast
/// x ↦ clamp(k·x + (1 − k)·m, 0, 1) with k uniform in [max(0, 1 − contrast), 1 + contrast] and m the mean
/// grey level (0.299 R + 0.587 G + 0.114 B for three channels, the plain mean otherwise). The order is fixed
/// (brightness first); torchvision draws a random order.
/// </summary>
public sealed class ColorJitter : IAugmentation
{
    /// <summary>Creates the jitter; 0 turns a part off.</summary>
    public ColorJitter(double brightness = 0, double contrast = 0)
    {
        if (!(brightness >= 0) || !(contrast >= 0))
            throw new ArgumentOutOfRangeException(nameof(brightness),
                $"ColorJitter: brightness and contrast must be non-negative, got {brightness} and {contrast}");
        Brightness = brightness;
        Contrast = contrast;
    }

    /// <summary>Largest relative brightness change.</summary>
    public double Brightness { get; }

    /// <summary>Largest relative contrast change.</summary>
    public double Contrast { get; }

    /// <inheritdoc/>
    public void Apply(Span<float> sample, ReadOnlySpan<int> shape, Generator rng)
    {
        var (c, _, _) = ImageLayout.Of(shape, sample.Length, "ColorJitter");
        if (Brightness > 0) AdjustBrightness(sample, (float)RandomVariates.Uniform(rng, Math.Max(0, 1 - Brightness), 1 + Brightness));
        if (Contrast > 0) AdjustContrast(sample, c, (float)RandomVariates.Uniform(rng, Math.Max(0, 1 - Contrast), 1 + Contrast));
    }

    /// <summary>x ↦ clamp(factor·x, 0, 1).</summary>
    internal static void AdjustBrightness(Span<float> sample, float factor)
    {
        for (int i = 0; i < sample.Length; i++) sample[i] = Math.Clamp(sample[i] * factor, 0f, 1f);
    }

    /// <summary>x ↦ clamp(factor·x + (1 − factor)·mean grey, 0, 1).</summary>
    internal static void AdjustContrast(Span<float> sample, int channels, float factor)
    {
        float mean = MeanGrey(sample, channels);
        float offset = (1 - factor) * mean;
        for (int i = 0; i < sample.Length; i++) sample[i] = Math.Clamp(factor * sample[i] + offset, 0f, 1f);
    }

    /// <summary>The mean grey level: ITU-R 601 luma for three channels, the plain mean otherwise.</summary>
    internal static float MeanGrey(ReadOnlySpan<float> sample, int channels)
    {
        if (channels != 3)
        {
            double sum = 0;
            foreach (float v in sample) sum += v;
            return (float)(sum / Math.Max(sample.Length, 1));
        }
        int plane = sample.Length / 3;
        double r = 0, g = 0, b = 0;
        for (int i = 0; i < plane; i++)
        {
            r += sample[i];
            g += sample[plane + i];
            b += sample[2 * plane + i];
        }
        return (float)((0.299 * r + 0.587 * g + 0.114 * b) / Math.Max(plane, 1));
    }
}
