namespace Nabla.Data;

/// <summary>
/// An indexed collection of samples, each an input and a target of fixed shapes. Samples are copied into
/// caller-owned spans so that a loader can fill one pooled batch buffer without allocating per sample.
/// A classification target is a single float holding the class index (target shape []).
/// </summary>
public interface IDataset
{
    /// <summary>Number of samples.</summary>
    int Count { get; }

    /// <summary>Shape of one input sample, e.g. [1, 28, 28] for an image or [features] for a table row.</summary>
    ReadOnlySpan<int> InputShape { get; }

    /// <summary>Shape of one target: [] for a class index or a scalar regression target, [k] for a vector.</summary>
    ReadOnlySpan<int> TargetShape { get; }

    /// <summary>Copies sample <paramref name="index"/> into the two spans (sized by the shapes above).</summary>
    void CopySample(int index, Span<float> input, Span<float> target);
}

/// <summary>A dataset whose samples carry a class label, for stratified splits, class weights and samplers.</summary>
public interface ILabeledDataset : IDataset
{
    /// <summary>Number of classes; labels are 0 ≤ label &lt; ClassCount.</summary>
    int ClassCount { get; }

    /// <summary>The class label of sample <paramref name="index"/>, without copying the sample.</summary>
    int LabelOf(int index);
}
