using Nabla.Data;

namespace TransferLearning;

/// <summary>
/// The samples of a labeled dataset whose class is in <c>classes</c>, relabeled 0..k−1 in the order given, keeping at
/// most <c>perClass</c> samples of each class (the first ones, in dataset order).
/// </summary>
internal sealed class ClassSubset : ILabeledDataset
{
    private readonly ILabeledDataset _source;
    private readonly int[] _indices;
    private readonly int[] _labels;
    private readonly int[] _inputShape;

    public ClassSubset(ILabeledDataset source, int[] classes, int perClass = int.MaxValue)
    {
        _source = source;
        _inputShape = source.InputShape.ToArray();
        var taken = new int[classes.Length];
        var indices = new List<int>();
        var labels = new List<int>();
        for (int i = 0; i < source.Count; i++)
        {
            int k = Array.IndexOf(classes, source.LabelOf(i));
            if (k < 0 || taken[k] >= perClass) continue;
            taken[k]++;
            indices.Add(i);
            labels.Add(k);
        }
        _indices = [.. indices];
        _labels = [.. labels];
        ClassCount = classes.Length;
    }

    public int Count => _indices.Length;

    public ReadOnlySpan<int> InputShape => _inputShape;

    public ReadOnlySpan<int> TargetShape => [];

    public int ClassCount { get; }

    public int LabelOf(int index) => _labels[index];

    public void CopySample(int index, Span<float> input, Span<float> target)
    {
        _source.CopySample(_indices[index], input, target);
        target[0] = _labels[index];
    }
}
