namespace Nabla.Data.Augment;

/// <summary>
/// Applies one batch transform chosen uniformly per batch, e.g. MixUp or CutMix as in torchvision's
/// <c>RandomChoice([CutMix(...), MixUp(...)])</c> recipe. Every choice must produce the same target shape.
/// </summary>
public sealed class RandomBatchChoice : IBatchTransform
{
    private readonly IBatchTransform[] _choices;

    /// <summary>Chooses among <paramref name="choices"/>.</summary>
    public RandomBatchChoice(params IBatchTransform[] choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Length == 0) throw new ArgumentException("RandomBatchChoice: give at least one batch transform");
        foreach (var c in choices) ArgumentNullException.ThrowIfNull(c);
        _choices = (IBatchTransform[])choices.Clone();
    }

    /// <inheritdoc/>
    public int[] TargetShape(ReadOnlySpan<int> sampleTargetShape)
    {
        var shape = _choices[0].TargetShape(sampleTargetShape);
        for (int i = 1; i < _choices.Length; i++)
        {
            var other = _choices[i].TargetShape(sampleTargetShape);
            if (!other.AsSpan().SequenceEqual(shape))
                throw new ArgumentException(
                    $"RandomBatchChoice: {_choices[i].GetType().Name} makes targets {ShapeMath.Format(other)} but " +
                    $"{_choices[0].GetType().Name} makes {ShapeMath.Format(shape)}; every choice must agree");
        }
        return shape;
    }

    /// <inheritdoc/>
    public void Apply(Span<float> inputs, ReadOnlySpan<int> sampleShape, int count, ReadOnlySpan<float> targets,
                      ReadOnlySpan<int> sampleTargetShape, Span<float> newTargets, Span<float> scratch, Generator rng) =>
        _choices[rng.NextInt(_choices.Length)].Apply(inputs, sampleShape, count, targets, sampleTargetShape, newTargets, scratch, rng);
}
