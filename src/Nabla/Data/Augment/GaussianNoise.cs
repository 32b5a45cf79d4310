namespace Nabla.Data.Augment;

/// <summary>
/// Adds independent Gaussian noise to every value: x ↦ x + mean + std·z with z ~ N(0, 1), then clamps to [0, 1]
/// when <c>clip</c> is set (torchvision's <c>GaussianNoise</c> default, for images in [0, 1]).
/// </summary>
public sealed class GaussianNoise : IAugmentation
{
    /// <summary>Creates the noise.</summary>
    public GaussianNoise(double std = 0.1, double mean = 0, bool clip = true)
    {
        if (!(std >= 0) || !double.IsFinite(std))
            throw new ArgumentOutOfRangeException(nameof(std), $"GaussianNoise: std must be finite and non-negative, got {std}");
        Std = std;
        Mean = mean;
        Clip = clip;
    }

    /// <summary>Standard deviation of the noise.</summary>
    public double Std { get; }

    /// <summary>Mean of the noise.</summary>
    public double Mean { get; }

    /// <summary>Whether results are clamped to [0, 1].</summary>
    public bool Clip { get; }

    /// <inheritdoc/>
    public void Apply(Span<float> sample, ReadOnlySpan<int> shape, Generator rng)
    {
        for (int i = 0; i < sample.Length; i++)
        {
            float v = (float)(sample[i] + Mean + Std * rng.NextNormal());
            sample[i] = Clip ? Math.Clamp(v, 0f, 1f) : v;
        }
    }
}
