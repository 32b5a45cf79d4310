namespace Nabla.Data.Augment;

/// <summary>Applies an augmentation with probability p (one uniform draw decides), else leaves the sample alone.</summary>
public sealed class RandomApply : IAugmentation
{
    private readonly IAugmentation _inner;

    /// <summary>Applies <paramref name="inner"/> with probability <paramref name="p"/>.</summary>
    public RandomApply(IAugmentation inner, double p = 0.5)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Probability.Check(p, "RandomApply");
        _inner = inner;
        P = p;
    }

    /// <summary>The probability of applying the inner augmentation.</summary>
    public double P { get; }

    /// <inheritdoc/>
    public void Apply(Span<float> sample, ReadOnlySpan<int> shape, Generator rng)
    {
        if (rng.NextDouble() < P) _inner.Apply(sample, shape, rng);
    }
}

/// <summary>Checks of augmentation parameters.</summary>
internal static class Probability
{
    public static void Check(double p, string op)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), $"{op}: probability must be in [0, 1], got {p}");
    }

    public static void Range(double low, double high, string op, string what)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || low > high)
            throw new ArgumentException($"{op}: {what} must be a finite range low ≤ high, got ({low}, {high})");
    }
}
