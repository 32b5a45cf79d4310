namespace Nabla.Data;

/// <summary>
/// An in-memory dataset over two tensors: inputs [N, ...] and targets [N] (one value per sample) or [N, ...].
/// Sample i is inputs[i] and targets[i]. Contiguous tensors are read, not copied, so they must outlive the dataset:
/// do not create them inside a <see cref="TensorScope"/> that ends first. A strided tensor is copied once.
/// </summary>
public class TensorDataset : IDataset
{
    private readonly Tensor _inputs;
    private readonly Tensor _targets;
    private readonly int[] _inputShape;
    private readonly int[] _targetShape;
    private readonly int _inputSize;
    private readonly int _targetSize;

    /// <summary>Creates the dataset; both tensors must have the same first dimension.</summary>
    public TensorDataset(Tensor inputs, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Rank == 0 || targets.Rank == 0)
            throw new ArgumentException(
                $"TensorDataset: inputs {ShapeMath.Format(inputs.Shape)} and targets {ShapeMath.Format(targets.Shape)} " +
                "must both have a first (sample) dimension");
        if (inputs.Shape[0] != targets.Shape[0])
            throw new ArgumentException(
                $"TensorDataset: inputs {ShapeMath.Format(inputs.Shape)} hold {inputs.Shape[0]} samples but targets " +
                $"{ShapeMath.Format(targets.Shape)} hold {targets.Shape[0]}; give one target per sample");
        _inputs = Owned(inputs);
        _targets = Owned(targets);
        _inputShape = inputs.Shape[1..].ToArray();
        _targetShape = targets.Shape[1..].ToArray();
        _inputSize = DatasetChecks.Size(_inputShape);
        _targetSize = DatasetChecks.Size(_targetShape);
        Count = inputs.Shape[0];
    }

    /// <inheritdoc/>
    public int Count { get; }

    /// <inheritdoc/>
    public ReadOnlySpan<int> InputShape => _inputShape;

    /// <inheritdoc/>
    public ReadOnlySpan<int> TargetShape => _targetShape;

    /// <inheritdoc/>
    public void CopySample(int index, Span<float> input, Span<float> target)
    {
        DatasetChecks.Sample("TensorDataset", index, Count, input.Length, _inputSize, target.Length, _targetSize);
        _inputs.ContiguousSpan().Slice(index * _inputSize, _inputSize).CopyTo(input);
        _targets.ContiguousSpan().Slice(index * _targetSize, _targetSize).CopyTo(target);
    }

    /// <summary>The tensor itself when contiguous, else a contiguous copy that no <see cref="TensorScope"/> recycles.</summary>
    private static Tensor Owned(Tensor t)
    {
        if (t.IsContiguous) return t.Detach();
        var copy = Tensor.AllocateUnscoped(t.Shape);
        t.CopyTo(copy.ContiguousSpan());
        return copy;
    }

    /// <summary>The target values of sample <paramref name="index"/> (a view of the stored targets).</summary>
    private protected ReadOnlySpan<float> TargetOf(int index) => _targets.ContiguousSpan().Slice(index * _targetSize, _targetSize);
}

/// <summary>
/// A <see cref="TensorDataset"/> for classification: targets [N] hold class indices 0..classCount−1 (as floats),
/// checked when the dataset is made.
/// </summary>
public sealed class LabeledTensorDataset : TensorDataset, ILabeledDataset
{
    private readonly int[] _labels;

    /// <summary>Creates the dataset from inputs [N, ...] and class indices [N].</summary>
    public LabeledTensorDataset(Tensor inputs, Tensor labels, int classCount) : base(inputs, labels)
    {
        if (labels.Rank != 1)
            throw new ArgumentException(
                $"LabeledTensorDataset: labels must be [N] class indices, got shape {ShapeMath.Format(labels.Shape)}");
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ClassCount = classCount;
        _labels = new int[Count];
        for (int i = 0; i < Count; i++) _labels[i] = DatasetChecks.Label("LabeledTensorDataset", TargetOf(i)[0], i, classCount);
    }

    /// <inheritdoc/>
    public int ClassCount { get; }

    /// <inheritdoc/>
    public int LabelOf(int index) => _labels[index];
}
