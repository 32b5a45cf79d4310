namespace Nabla.Data.Augment;

/// <summary>
/// A random, shape-preserving transformation of one sample, applied in place. Images are laid out [C, H, W]
/// (a [H, W] sample is read as one channel). Every random draw must come from <c>rng</c>, which the caller
/// seeds per sample, so the result is reproducible and independent of the thread that runs it.
/// Implementations must be safe to call from several threads at once (keep no mutable state in fields).
/// </summary>
public interface IAugmentation
{
    /// <summary>Transforms <paramref name="sample"/> (of shape <paramref name="shape"/>) in place.</summary>
    void Apply(Span<float> sample, ReadOnlySpan<int> shape, Generator rng);
}
