namespace Nabla.Data;

/// <summary>
/// The samples of another dataset at a list of indices (which may repeat): sample i is source[indices[i]].
/// Made by <see cref="Create"/>, which keeps the labels when the source has them.
/// </summary>
public class Subset : IDataset, IPrefetchSamples
{
    private readonly int[] _indices;

    private protected Subset(IDataset source, ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(source);
        for (int i = 0; i < indices.Length; i++)
            if ((uint)indices[i] >= (uint)source.Count)
                throw new ArgumentOutOfRangeException(nameof(indices),
                    $"Subset: index {indices[i]} at position {i} is outside 0..{source.Count - 1} (source has {source.Count} samples)");
        Source = source;
        _indices = indices.ToArray();
    }

    /// <summary>A subset of <paramref name="source"/>; a <see cref="LabeledSubset"/> when the source is labeled.</summary>
    public static Subset Create(IDataset source, ReadOnlySpan<int> indices) =>
        source is ILabeledDataset labeled ? new LabeledSubset(labeled, indices) : new Subset(source, indices);

    /// <summary>The dataset the samples come from.</summary>
    public IDataset Source { get; }

    /// <summary>The source indices, in order.</summary>
    public ReadOnlySpan<int> Indices => _indices;

    /// <inheritdoc/>
    public int Count => _indices.Length;

    /// <inheritdoc/>
    public ReadOnlySpan<int> InputShape => Source.InputShape;

    /// <inheritdoc/>
    public ReadOnlySpan<int> TargetShape => Source.TargetShape;

    /// <inheritdoc/>
    public void CopySample(int index, Span<float> input, Span<float> target)
    {
        if ((uint)index >= (uint)_indices.Length)
            throw new ArgumentOutOfRangeException(nameof(index), $"Subset: sample index {index} is outside 0..{_indices.Length - 1}");
        Source.CopySample(_indices[index], input, target);
    }

    /// <inheritdoc/>
    void IPrefetchSamples.PrefetchSample(int index)
    {
        if (Source is IPrefetchSamples source && (uint)index < (uint)_indices.Length) source.PrefetchSample(_indices[index]);
    }

    /// <summary>The source index of sample <paramref name="index"/>.</summary>
    public int SourceIndex(int index) => _indices[index];
}

/// <summary>A <see cref="Subset"/> of a labeled dataset; labels are read from the source.</summary>
public sealed class LabeledSubset : Subset, ILabeledDataset
{
    private readonly ILabeledDataset _labeled;

    /// <summary>A subset of <paramref name="source"/> at <paramref name="indices"/>.</summary>
    public LabeledSubset(ILabeledDataset source, ReadOnlySpan<int> indices) : base(source, indices) => _labeled = source;

    /// <inheritdoc/>
    public int ClassCount => _labeled.ClassCount;

    /// <inheritdoc/>
    public int LabelOf(int index) => _labeled.LabelOf(SourceIndex(index));
}
