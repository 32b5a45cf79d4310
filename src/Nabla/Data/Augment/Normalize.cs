namespace Nabla.Data.Augment;

/// <summary>
/// Per-channel standardization x[c] ↦ (x[c] − mean[c]) / std[c] for images [C, H, W], like torchvision's
/// <c>Normalize</c>; one mean and std apply to every channel. Deterministic (draws nothing); put it last.
/// </summary>
public sealed class Normalize : IAugmentation
{
    private readonly float[] _mean;
    private readonly float[] _std;

    /// <summary>Creates the normalization; <paramref name="mean"/> and <paramref name="std"/> have one value or one per channel.</summary>
    public Normalize(float[] mean, float[] std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Length == 0 || mean.Length != std.Length)
            throw new ArgumentException($"Normalize: give as many std values as mean values (at least one), got {mean.Length} means and {std.Length} stds");
        foreach (float s in std)
            if (!(s > 0)) throw new ArgumentException($"Normalize: every std must be positive, got {s}");
        _mean = (float[])mean.Clone();
        _std = (float[])std.Clone();
    }

    /// <inheritdoc/>
    public void Apply(Span<float> sample, ReadOnlySpan<int> shape, Generator rng)
    {
        var (c, h, w) = ImageLayout.Of(shape, sample.Length, "Normalize");
        if (_mean.Length != 1 && _mean.Length != c)
            throw new ArgumentException($"Normalize: {_mean.Length} means/stds given for an image of {c} channels (shape {ShapeMath.Format(shape)})");
        int plane = h * w;
        for (int ch = 0; ch < c; ch++)
        {
            int k = _mean.Length == 1 ? 0 : ch;
            float m = _mean[k], inv = 1f / _std[k];
            var p = sample.Slice(ch * plane, plane);
            for (int i = 0; i < p.Length; i++) p[i] = (p[i] - m) * inv;
        }
    }
}
