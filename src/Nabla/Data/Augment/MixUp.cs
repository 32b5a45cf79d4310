namespace Nabla.Data.Augment;

/// <summary>
/// MixUp (Zhang et al., 2018) on a batch, as torchvision's <c>v2.MixUp</c>: one λ ~ Beta(α, α) per batch, each
/// sample mixed with its predecessor in the batch (x'[i] = λ·x[i] + (1 − λ)·x[i − 1], cyclically) and the
/// targets mixed the same way as one-hot vectors, giving soft targets [B, classes] whose rows sum to 1.
/// Train with a loss that accepts probability targets (cross-entropy with soft targets,
/// −Σ_k t_k·log softmax(z)_k); accuracy should compare against the argmax or the original labels.
/// </summary>
public sealed class MixUp : IBatchTransform
{
    /// <summary>Creates MixUp for <paramref name="classCount"/> classes with Beta(<paramref name="alpha"/>, α) mixing.</summary>
    public MixUp(int classCount, double alpha = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (!(alpha > 0) || !double.IsFinite(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), $"MixUp: alpha must be positive and finite, got {alpha}");
        ClassCount = classCount;
        Alpha = alpha;
    }

    /// <summary>Number of classes of the soft targets.</summary>
    public int ClassCount { get; }

    /// <summary>The Beta distribution's parameter α.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    public int[] TargetShape(ReadOnlySpan<int> sampleTargetShape) => SoftTargets.Shape(sampleTargetShape, ClassCount, "MixUp");

    /// <inheritdoc/>
    public void Apply(Span<float> inputs, ReadOnlySpan<int> sampleShape, int count, ReadOnlySpan<float> targets,
                      ReadOnlySpan<int> sampleTargetShape, Span<float> newTargets, Span<float> scratch, Generator rng)
    {
        if (count == 0) return;
        float lambda = (float)RandomVariates.Beta(rng, Alpha, Alpha);
        int size = inputs.Length / count;
        inputs.Slice((count - 1) * size, size).CopyTo(scratch);
        for (int i = count - 1; i >= 0; i--)
        {
            var x = inputs.Slice(i * size, size);
            ReadOnlySpan<float> partner = i == 0 ? scratch[..size] : inputs.Slice((i - 1) * size, size);
            for (int k = 0; k < size; k++) x[k] = lambda * x[k] + (1 - lambda) * partner[k];
        }
        SoftTargets.Mix(targets, sampleTargetShape.Length == 0, count, ClassCount, newTargets, lambda, "MixUp");
    }
}
