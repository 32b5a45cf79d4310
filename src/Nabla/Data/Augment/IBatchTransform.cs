namespace Nabla.Data.Augment;

/// <summary>
/// A random transformation of a whole collated batch, such as <see cref="MixUp"/> or <see cref="CutMix"/>, which
/// mixes samples with each other and may change the shape of the targets (class indices become soft labels).
/// Implementations must be safe to call from several threads at once.
/// </summary>
public interface IBatchTransform
{
    /// <summary>The shape of one transformed target, given the dataset's target shape (e.g. [] → [classes]).</summary>
    int[] TargetShape(ReadOnlySpan<int> sampleTargetShape);

    /// <summary>
    /// Transforms a batch of <paramref name="count"/> samples in place and writes the new targets.
    /// </summary>
    /// <param name="inputs">The batch inputs, <paramref name="count"/> samples of shape <paramref name="sampleShape"/>, modified in place.</param>
    /// <param name="sampleShape">Shape of one input sample.</param>
    /// <param name="count">Number of samples in the batch.</param>
    /// <param name="targets">The collated targets as the dataset produced them.</param>
    /// <param name="sampleTargetShape">Shape of one of those targets.</param>
    /// <param name="newTargets">Where the transformed targets go, <paramref name="count"/> of <see cref="TargetShape"/>.</param>
    /// <param name="scratch">Scratch memory of at least one input sample, owned by the calling thread.</param>
    /// <param name="rng">The batch's generator, seeded by the caller.</param>
    void Apply(Span<float> inputs, ReadOnlySpan<int> sampleShape, int count, ReadOnlySpan<float> targets,
               ReadOnlySpan<int> sampleTargetShape, Span<float> newTargets, Span<float> scratch, Generator rng);
}
