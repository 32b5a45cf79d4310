namespace Nabla.Data.Augment;

/// <summary>
/// Pads the image by <c>padding</c> pixels on every side and crops a window of the original size at a uniformly
/// random offset (0..2·padding in each direction), like torchvision's <c>RandomCrop(size=H×W, padding)</c> —
/// the standard "pad and crop" translation. The output keeps the input's size, so the transform is
/// shape-preserving; padding 0 is the identity.
/// </summary>
public sealed class RandomCrop : IAugmentation
{
    /// <summary>Crops with <paramref name="padding"/> pixels of border filled by <paramref name="mode"/>.</summary>
    public RandomCrop(int padding, FillMode mode = FillMode.Constant, float fill = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        Padding = padding;
        Mode = mode;
        Fill = fill;
    }

    /// <summary>Border width in pixels.</summary>
    public int Padding { get; }

    /// <summary>How the border is filled.</summary>
    public FillMode Mode { get; }

    /// <summary>The border value for <see cref="FillMode.Constant"/>.</summary>
    public float Fill { get; }

    /// <inheritdoc/>
    public void Apply(Span<float> sample, ReadOnlySpan<int> shape, Generator rng)
    {
        var (c, h, w) = ImageLayout.Of(shape, sample.Length, "RandomCrop");
        if (Mode == FillMode.Reflect && Padding >= Math.Min(h, w))
            throw new ArgumentException($"RandomCrop: reflect padding {Padding} must be smaller than the image side ({h}x{w})");
        int dy = rng.NextInt(2 * Padding + 1) - Padding;
        int dx = rng.NextInt(2 * Padding + 1) - Padding;
        if (dx == 0 && dy == 0) return;
        var source = AugmentScratch.Get(sample.Length);
        sample.CopyTo(source);
        int plane = h * w;
        for (int ch = 0; ch < c; ch++)
        {
            var src = source.Slice(ch * plane, plane);
            var dst = sample.Slice(ch * plane, plane);
            for (int y = 0; y < h; y++)
            {
                int sy = Map(y + dy, h);
                for (int x = 0; x < w; x++)
                {
                    int sx = Map(x + dx, w);
                    dst[y * w + x] = sy < 0 || sx < 0 ? Fill : src[sy * w + sx];
                }
            }
        }
    }

    /// <summary>The source coordinate of padded coordinate <paramref name="i"/>, or −1 for the constant fill.</summary>
    private int Map(int i, int n)
    {
        if ((uint)i < (uint)n) return i;
        return Mode switch
        {
            FillMode.Reflect => i < 0 ? -i : 2 * (n - 1) - i,
            FillMode.Edge => i < 0 ? 0 : n - 1,
            _ => -1,
        };
    }
}
