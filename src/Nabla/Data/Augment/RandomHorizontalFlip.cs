namespace Nabla.Data.Augment;

/// <summary>Mirrors the image left–right with probability p: out[c, y, x] = in[c, y, W−1−x].</summary>
public sealed class RandomHorizontalFlip : IAugmentation
{
    /// <summary>Flips with probability <paramref name="p"/>.</summary>
    public RandomHorizontalFlip(double p = 0.5)
    {
        Probability.Check(p, "RandomHorizontalFlip");
        P = p;
    }

    /// <summary>The flip probability.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public void Apply(Span<float> sample, ReadOnlySpan<int> shape, Generator rng)
    {
        var (c, h, w) = ImageLayout.Of(shape, sample.Length, "RandomHorizontalFlip");
        if (rng.NextDouble() >= P) return;
        for (int row = 0; row < c * h; row++) sample.Slice(row * w, w).Reverse();
    }
}
