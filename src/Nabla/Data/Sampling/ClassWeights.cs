namespace Nabla.Data.Sampling;

/// <summary>Class counts and weights for imbalanced classification.</summary>
public static class ClassWeights
{
    /// <summary>How many samples carry each label (numpy's <c>bincount</c>).</summary>
    public static int[] Counts(ReadOnlySpan<int> labels, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        var counts = new int[classCount];
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentException($"ClassWeights: label {labels[i]} at position {i} is outside 0..{classCount - 1}");
            counts[labels[i]]++;
        }
        return counts;
    }

    /// <summary>
    /// scikit-learn's <c>class_weight="balanced"</c>: w_c = n_samples / (n_classes · count_c), so every class
    /// carries the same total weight. Pass the result to a weighted loss.
    /// </summary>
    /// <exception cref="ArgumentException">A class has no sample (its weight would be infinite).</exception>
    public static float[] Balanced(ReadOnlySpan<int> labels, int classCount)
    {
        var counts = Counts(labels, classCount);
        var weights = new float[classCount];
        for (int c = 0; c < classCount; c++)
        {
            if (counts[c] == 0)
                throw new ArgumentException(
                    $"ClassWeights.Balanced: class {c} has no sample among {labels.Length}; every class in 0..{classCount - 1} must occur");
            weights[c] = (float)((double)labels.Length / ((double)classCount * counts[c]));
        }
        return weights;
    }

    /// <summary>Balanced class weights of a labeled dataset.</summary>
    public static float[] Balanced(ILabeledDataset dataset) => Balanced(Labels(dataset), dataset.ClassCount);

    /// <summary>The weight of each sample: the weight of its class (for a <see cref="WeightedRandomSampler"/>).</summary>
    public static double[] PerSample(ReadOnlySpan<int> labels, ReadOnlySpan<float> classWeights)
    {
        var result = new double[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classWeights.Length)
                throw new ArgumentException($"ClassWeights.PerSample: label {labels[i]} at position {i} has no weight (0..{classWeights.Length - 1})");
            result[i] = classWeights[labels[i]];
        }
        return result;
    }

    /// <summary>Every label of <paramref name="dataset"/>, in order.</summary>
    public static int[] Labels(ILabeledDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var labels = new int[dataset.Count];
        for (int i = 0; i < labels.Length; i++) labels[i] = dataset.LabelOf(i);
        return labels;
    }
}
