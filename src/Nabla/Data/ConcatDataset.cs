namespace Nabla.Data;

/// <summary>
/// Several datasets with the same sample shapes, one after the other. Made by <see cref="Create"/>, which keeps
/// the labels when every part is labeled with the same number of classes.
/// </summary>
public class ConcatDataset : IDataset
{
    private readonly IDataset[] _parts;
    private readonly int[] _starts;

    private protected ConcatDataset(IDataset[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0) throw new ArgumentException("ConcatDataset: give at least one dataset");
        _parts = (IDataset[])parts.Clone();
        _starts = new int[parts.Length + 1];
        for (int i = 0; i < parts.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(parts[i]);
            if (!parts[i].InputShape.SequenceEqual(parts[0].InputShape) || !parts[i].TargetShape.SequenceEqual(parts[0].TargetShape))
                throw new ArgumentException(
                    $"ConcatDataset: dataset {i} has input {ShapeMath.Format(parts[i].InputShape)} and target " +
                    $"{ShapeMath.Format(parts[i].TargetShape)}, but dataset 0 has input {ShapeMath.Format(parts[0].InputShape)} " +
                    $"and target {ShapeMath.Format(parts[0].TargetShape)}; every part must have the same sample shapes");
            _starts[i + 1] = checked(_starts[i] + parts[i].Count);
        }
    }

    /// <summary>Joins <paramref name="parts"/>; a <see cref="LabeledConcatDataset"/> when all are labeled alike.</summary>
    public static ConcatDataset Create(params IDataset[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        bool labeled = parts.Length > 0;
        foreach (var p in parts)
            labeled &= p is ILabeledDataset l && parts[0] is ILabeledDataset l0 && l.ClassCount == l0.ClassCount;
        return labeled ? new LabeledConcatDataset(parts) : new ConcatDataset(parts);
    }

    /// <inheritdoc/>
    public int Count => _starts[^1];

    /// <inheritdoc/>
    public ReadOnlySpan<int> InputShape => _parts[0].InputShape;

    /// <inheritdoc/>
    public ReadOnlySpan<int> TargetShape => _parts[0].TargetShape;

    /// <inheritdoc/>
    public void CopySample(int index, Span<float> input, Span<float> target)
    {
        var (part, local) = Locate(index);
        _parts[part].CopySample(local, input, target);
    }

    /// <summary>Which part holds sample <paramref name="index"/>, and its index there.</summary>
    private protected (int Part, int Local) Locate(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"ConcatDataset: sample index {index} is outside 0..{Count - 1}");
        int part = Array.BinarySearch(_starts, index);
        part = part >= 0 ? part : ~part - 1;
        while (_starts[part + 1] == index) part++;
        return (part, index - _starts[part]);
    }

    /// <summary>The joined datasets.</summary>
    private protected IDataset Part(int i) => _parts[i];
}

/// <summary>A <see cref="ConcatDataset"/> of labeled datasets sharing one class count.</summary>
public sealed class LabeledConcatDataset : ConcatDataset, ILabeledDataset
{
    /// <summary>Joins labeled datasets; each must have the same class count and sample shapes.</summary>
    public LabeledConcatDataset(params IDataset[] parts) : base(parts)
    {
        int classes = ((ILabeledDataset)parts[0]).ClassCount;
        for (int i = 0; i < parts.Length; i++)
            if (parts[i] is not ILabeledDataset l || l.ClassCount != classes)
                throw new ArgumentException(
                    $"LabeledConcatDataset: dataset {i} is not labeled with {classes} classes like dataset 0");
        ClassCount = classes;
    }

    /// <inheritdoc/>
    public int ClassCount { get; }

    /// <inheritdoc/>
    public int LabelOf(int index)
    {
        var (part, local) = Locate(index);
        return ((ILabeledDataset)Part(part)).LabelOf(local);
    }
}
