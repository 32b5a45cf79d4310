namespace Nabla.Data.Csv;

/// <summary>
/// An in-memory table as a dataset: each sample is a feature row [F] and a target, either a class index
/// (target shape [], see <see cref="LabeledTabularDataset"/>) or a regression value (target shape []).
/// Built by <see cref="Preprocessing.TabularPreprocessor.Transform"/>.
/// </summary>
public class TabularDataset : IDataset
{
    private readonly float[] _features;
    private readonly float[] _targets;
    private readonly int[] _inputShape;

    /// <summary>Creates the dataset from row-major <paramref name="features"/> [n, featureNames.Count] and
    /// <paramref name="targets"/> [n].</summary>
    public TabularDataset(float[] features, float[] targets, IReadOnlyList<string> featureNames)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(featureNames);
        int f = featureNames.Count;
        if (f == 0 || features.Length != targets.Length * f)
            throw new ArgumentException($"TabularDataset: {features.Length} feature values do not form [{targets.Length}, {f}] rows; give n × F values for n targets and F feature names.");
        _features = features;
        _targets = targets;
        _inputShape = [f];
        FeatureNames = featureNames;
    }

    /// <summary>The name of each feature (e.g. <c>color=red</c> for a one-hot column).</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <inheritdoc/>
    public int Count => _targets.Length;

    /// <inheritdoc/>
    public ReadOnlySpan<int> InputShape => _inputShape;

    /// <inheritdoc/>
    public ReadOnlySpan<int> TargetShape => [];

    /// <summary>The feature row of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Row(int index)
    {
        CheckIndex(index);
        return _features.AsSpan(index * _inputShape[0], _inputShape[0]);
    }

    /// <summary>The target of sample <paramref name="index"/>.</summary>
    public float TargetOf(int index)
    {
        CheckIndex(index);
        return _targets[index];
    }

    /// <inheritdoc/>
    public void CopySample(int index, Span<float> input, Span<float> target)
    {
        CheckIndex(index);
        int f = _inputShape[0];
        if (input.Length != f || target.Length != 1)
            throw new ArgumentException($"TabularDataset.CopySample: spans of length {input.Length} and {target.Length}, expected [{f}] and 1 (a scalar target).");
        _features.AsSpan(index * f, f).CopyTo(input);
        target[0] = _targets[index];
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)_targets.Length)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"TabularDataset: index outside 0..{_targets.Length - 1}.");
    }
}

/// <summary>A <see cref="TabularDataset"/> whose target is a class index 0 ≤ k &lt; <see cref="ClassCount"/>.</summary>
public sealed class LabeledTabularDataset : TabularDataset, ILabeledDataset
{
    /// <summary>Creates the dataset; <paramref name="classNames"/> gives the name of each class index.</summary>
    public LabeledTabularDataset(float[] features, float[] targets, IReadOnlyList<string> featureNames, IReadOnlyList<string> classNames)
        : base(features, targets, featureNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        foreach (float t in targets)
            if (!(t >= 0 && t < classNames.Count) || t != MathF.Floor(t))
                throw new ArgumentException($"LabeledTabularDataset: target {t} is not a class index in 0..{classNames.Count - 1}.", nameof(targets));
        ClassNames = classNames;
    }

    /// <summary>The class names, by class index.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <inheritdoc/>
    public int ClassCount => ClassNames.Count;

    /// <inheritdoc/>
    public int LabelOf(int index) => (int)TargetOf(index);
}
