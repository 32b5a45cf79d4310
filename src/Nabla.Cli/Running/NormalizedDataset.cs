using Nabla.Data;
using Nabla.Data.Augment;

namespace Nabla.Cli.Running;

/// <summary>A view of a dataset whose inputs are normalized per channel, x' = (x − mean[c]) / std[c].</summary>
public class NormalizedDataset : IDataset
{
    private readonly Normalize _normalize;
    private readonly Generator _unused = new(0);

    /// <summary>Wraps <paramref name="source"/>.</summary>
    protected NormalizedDataset(IDataset source, float[] mean, float[] std)
    {
        Source = source;
        _normalize = new Normalize(mean, std);
    }

    /// <summary>A normalized view; labeled when <paramref name="source"/> is.</summary>
    public static NormalizedDataset Create(IDataset source, float[] mean, float[] std) =>
        source is ILabeledDataset labeled ? new LabeledNormalizedDataset(labeled, mean, std) : new NormalizedDataset(source, mean, std);

    /// <summary>The wrapped dataset.</summary>
    public IDataset Source { get; }

    /// <inheritdoc/>
    public int Count => Source.Count;

    /// <inheritdoc/>
    public ReadOnlySpan<int> InputShape => Source.InputShape;

    /// <inheritdoc/>
    public ReadOnlySpan<int> TargetShape => Source.TargetShape;

    /// <inheritdoc/>
    public void CopySample(int index, Span<float> input, Span<float> target)
    {
        Source.CopySample(index, input, target);
        _normalize.Apply(input, Source.InputShape, _unused);
    }
}

/// <summary>A <see cref="NormalizedDataset"/> of a labeled dataset.</summary>
public sealed class LabeledNormalizedDataset : NormalizedDataset, ILabeledDataset
{
    private readonly ILabeledDataset _labeled;

    /// <summary>Wraps <paramref name="source"/>.</summary>
    public LabeledNormalizedDataset(ILabeledDataset source, float[] mean, float[] std) : base(source, mean, std) => _labeled = source;

    /// <inheritdoc/>
    public int ClassCount => _labeled.ClassCount;

    /// <inheritdoc/>
    public int LabelOf(int index) => _labeled.LabelOf(index);
}
