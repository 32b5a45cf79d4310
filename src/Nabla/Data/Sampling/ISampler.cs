namespace Nabla.Data.Sampling;

/// <summary>
/// Chooses which dataset indices a <see cref="DataLoader"/> visits in an epoch, and in which order (indices may
/// repeat). The choice must depend only on the sampler's own seed and the epoch, so loading stays reproducible.
/// </summary>
public interface ISampler
{
    /// <summary>Number of indices drawn per epoch.</summary>
    int Length { get; }

    /// <summary>Writes the <see cref="Length"/> indices of <paramref name="epoch"/> into <paramref name="indices"/>.</summary>
    void Sample(int epoch, Span<int> indices);
}
