namespace Nabla.Data.Augment;

/// <summary>
/// CutMix (Yun et al., 2019) on a batch of images [C, H, W], as torchvision's <c>v2.CutMix</c>: λ ~ Beta(α, α) per
/// batch; a box centred at a uniform pixel with half-sides ⌊½√(1 − λ)·W⌋ and ⌊½√(1 − λ)·H⌋ (clipped to the
/// image) is pasted into each sample from its predecessor in the batch (cyclically), and the targets are mixed as
/// one-hot vectors with λ' = 1 − box area / image area, giving soft targets [B, classes] whose rows sum to 1.
/// Train with a loss that accepts probability targets (cross-entropy with soft targets).
/// </summary>
public sealed class CutMix : IBatchTransform
{
    /// <summary>Creates CutMix for <paramref name="classCount"/> classes with Beta(<paramref name="alpha"/>, α) areas.</summary>
    public CutMix(int classCount, double alpha = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (!(alpha > 0) || !double.IsFinite(alpha))
            throw new ArgumentOutOfRangeException(nameof(alpha), $"CutMix: alpha must be positive and finite, got {alpha}");
        ClassCount = classCount;
        Alpha = alpha;
    }

    /// <summary>Number of classes of the soft targets.</summary>
    public int ClassCount { get; }

    /// <summary>The Beta distribution's parameter α.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    public int[] TargetShape(ReadOnlySpan<int> sampleTargetShape) => SoftTargets.Shape(sampleTargetShape, ClassCount, "CutMix");

    /// <inheritdoc/>
    public void Apply(Span<float> inputs, ReadOnlySpan<int> sampleShape, int count, ReadOnlySpan<float> targets,
                      ReadOnlySpan<int> sampleTargetShape, Span<float> newTargets, Span<float> scratch, Generator rng)
    {
        if (count == 0) return;
        int size = inputs.Length / count;
        var (c, h, w) = ImageLayout.Of(sampleShape, size, "CutMix");
        double lambda = RandomVariates.Beta(rng, Alpha, Alpha);
        int cx = rng.NextInt(w), cy = rng.NextInt(h);
        double r = 0.5 * Math.Sqrt(1 - lambda);
        int halfW = (int)(r * w), halfH = (int)(r * h);
        int x1 = Math.Max(cx - halfW, 0), x2 = Math.Min(cx + halfW, w);
        int y1 = Math.Max(cy - halfH, 0), y2 = Math.Min(cy + halfH, h);
        inputs.Slice((count - 1) * size, size).CopyTo(scratch);
        for (int i = count - 1; i >= 0; i--)
        {
            var x = inputs.Slice(i * size, size);
            ReadOnlySpan<float> partner = i == 0 ? scratch[..size] : inputs.Slice((i - 1) * size, size);
            for (int ch = 0; ch < c; ch++)
                for (int y = y1; y < y2; y++)
                {
                    int at = ch * h * w + y * w + x1;
                    partner.Slice(at, x2 - x1).CopyTo(x.Slice(at, x2 - x1));
                }
        }
        float adjusted = (float)(1 - (double)(x2 - x1) * (y2 - y1) / ((double)w * h));
        SoftTargets.Mix(targets, sampleTargetShape.Length == 0, count, ClassCount, newTargets, adjusted, "CutMix");
    }
}
