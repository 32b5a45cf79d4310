namespace Nabla.Data.Sampling;

/// <summary>
/// Random over-sampling, like imbalanced-learn's <c>RandomOverSampler</c>: every sample is kept and each class is
/// topped up, by drawing its own samples again with replacement, to the size of the largest class.
/// </summary>
public static class RandomOverSampler
{
    /// <summary>The resampled dataset indices, ascending (duplicates adjacent); wrap them with <see cref="Subset.Create"/>
    /// or an <see cref="IndexSampler"/>. Classes without samples stay empty.</summary>
    public static int[] Indices(ReadOnlySpan<int> labels, int classCount, ulong seed = 0)
    {
        var byClass = Resampling.GroupByClass(labels, classCount);
        int target = 0;
        foreach (var members in byClass) target = Math.Max(target, members.Count);
        var rng = new Generator(seed);
        var result = new List<int>(target * classCount);
        foreach (var members in byClass)
        {
            result.AddRange(members);
            for (int extra = members.Count; extra < target && members.Count > 0; extra++) result.Add(members[rng.NextInt(members.Count)]);
        }
        result.Sort();
        return [.. result];
    }

    /// <summary>Over-sampled indices of a labeled dataset.</summary>
    public static int[] Indices(ILabeledDataset dataset, ulong seed = 0) => Indices(ClassWeights.Labels(dataset), dataset.ClassCount, seed);
}

/// <summary>
/// Random under-sampling, like imbalanced-learn's <c>RandomUnderSampler</c>: each class keeps a random subset,
/// without replacement, of the size of the smallest class that has samples.
/// </summary>
public static class RandomUnderSampler
{
    /// <summary>The kept dataset indices, ascending.</summary>
    public static int[] Indices(ReadOnlySpan<int> labels, int classCount, ulong seed = 0)
    {
        var byClass = Resampling.GroupByClass(labels, classCount);
        int target = int.MaxValue;
        foreach (var members in byClass)
            if (members.Count > 0) target = Math.Min(target, members.Count);
        var rng = new Generator(seed);
        var result = new List<int>();
        foreach (var members in byClass)
        {
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(members);
            // Partial Fisher–Yates: the first `target` positions become a uniform random subset.
            for (int i = 0; i < Math.Min(target, span.Length); i++)
            {
                int j = i + rng.NextInt(span.Length - i);
                (span[i], span[j]) = (span[j], span[i]);
                result.Add(span[i]);
            }
        }
        result.Sort();
        return [.. result];
    }

    /// <summary>Under-sampled indices of a labeled dataset.</summary>
    public static int[] Indices(ILabeledDataset dataset, ulong seed = 0) => Indices(ClassWeights.Labels(dataset), dataset.ClassCount, seed);
}

/// <summary>Grouping shared by the resamplers and the stratified splits.</summary>
internal static class Resampling
{
    /// <summary>The positions of each class's samples, ascending.</summary>
    public static List<int>[] GroupByClass(ReadOnlySpan<int> labels, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        var groups = new List<int>[classCount];
        for (int c = 0; c < classCount; c++) groups[c] = [];
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentException($"label {labels[i]} at position {i} is outside 0..{classCount - 1}");
            groups[labels[i]].Add(i);
        }
        return groups;
    }
}
