using Nabla.Data.Sampling;

namespace Nabla.Data.Splits;

/// <summary>Hold-out splits of a dataset into subsets.</summary>
public static class Split
{
    /// <summary>
    /// Splits into training and validation subsets with ⌈fraction · n⌉ validation samples (scikit-learn's
    /// <c>train_test_split</c> rounding). Shuffled with <paramref name="seed"/> by default; without shuffling the
    /// validation part is the last samples, like Keras's <c>validation_split</c>. Stratified splitting (labeled
    /// datasets only) gives each class the validation share fraction · n_c, rounded by largest remainder so the
    /// total is exact. Both subsets list their source indices in ascending order.
    /// </summary>
    public static (Subset Train, Subset Validation) TrainValidation(IDataset dataset, double validationFraction,
                                                                   bool stratified = false, ulong seed = 0, bool shuffle = true)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction),
                $"Split.TrainValidation: the validation fraction must lie strictly between 0 and 1, got {validationFraction}");
        int n = dataset.Count;
        int validationCount = (int)Math.Ceiling(validationFraction * n - 1e-9);
        var isValidation = new bool[n];
        var rng = shuffle ? new Generator(seed) : null;
        if (stratified)
        {
            if (dataset is not ILabeledDataset labeled)
                throw new ArgumentException($"Split.TrainValidation: stratified splitting needs a labeled dataset, got {dataset.GetType().Name}");
            var groups = Resampling.GroupByClass(ClassWeights.Labels(labeled), labeled.ClassCount);
            var quotas = Quotas(groups, validationCount, n);
            for (int c = 0; c < groups.Length; c++)
            {
                var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(groups[c]);
                rng?.Shuffle(span);
                for (int j = 0; j < quotas[c]; j++) isValidation[span[shuffle ? j : span.Length - 1 - j]] = true;
            }
        }
        else
        {
            var order = SplitIndices.Permutation(n, rng);
            for (int j = 0; j < validationCount; j++) isValidation[order[n - 1 - j]] = true;
        }
        var train = new List<int>(n - validationCount);
        var validation = new List<int>(validationCount);
        for (int i = 0; i < n; i++) (isValidation[i] ? validation : train).Add(i);
        return (Subset.Create(dataset, [.. train]), Subset.Create(dataset, [.. validation]));
    }

    /// <summary>
    /// Splits into non-overlapping random subsets of the given sizes, like PyTorch's <c>random_split</c>: a seeded
    /// permutation cut into consecutive pieces. The lengths must add up to the dataset's size.
    /// </summary>
    public static Subset[] Random(IDataset dataset, ReadOnlySpan<int> lengths, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        long total = 0;
        foreach (int l in lengths)
        {
            if (l < 0) throw new ArgumentException($"Split.Random: lengths must be non-negative, got {l}");
            total += l;
        }
        if (total != dataset.Count)
            throw new ArgumentException($"Split.Random: the lengths add up to {total} but the dataset has {dataset.Count} samples");
        var order = SplitIndices.Permutation(dataset.Count, new Generator(seed));
        var result = new Subset[lengths.Length];
        int start = 0;
        for (int i = 0; i < lengths.Length; i++)
        {
            result[i] = Subset.Create(dataset, order.AsSpan(start, lengths[i]));
            start += lengths[i];
        }
        return result;
    }

    /// <summary>
    /// Splits by fractions summing to 1, like PyTorch's <c>random_split</c> with fractions: each piece gets
    /// ⌊fraction · n⌋ and the remaining samples go one each to the pieces in order.
    /// </summary>
    public static Subset[] Random(IDataset dataset, ReadOnlySpan<double> fractions, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        double sum = 0;
        foreach (double f in fractions)
        {
            if (!(f >= 0 && f <= 1)) throw new ArgumentException($"Split.Random: fractions must lie in [0, 1], got {f}");
            sum += f;
        }
        if (Math.Abs(sum - 1) > 1e-6) throw new ArgumentException($"Split.Random: the fractions add up to {sum}, not 1");
        int n = dataset.Count;
        var lengths = new int[fractions.Length];
        int assigned = 0;
        for (int i = 0; i < lengths.Length; i++) assigned += lengths[i] = (int)Math.Floor(n * fractions[i]);
        for (int i = 0; assigned < n; i = (i + 1) % lengths.Length, assigned++) lengths[i]++;
        return Random(dataset, lengths, seed);
    }

    /// <summary>Per-class validation counts: fraction·n_c floored, remainder by largest fractional part (ties: lower class).</summary>
    private static int[] Quotas(List<int>[] groups, int validationCount, int n)
    {
        var quotas = new int[groups.Length];
        var remainders = new double[groups.Length];
        int assigned = 0;
        for (int c = 0; c < groups.Length; c++)
        {
            double exact = (double)validationCount * groups[c].Count / Math.Max(n, 1);
            quotas[c] = (int)Math.Floor(exact);
            remainders[c] = exact - quotas[c];
            assigned += quotas[c];
        }
        while (assigned < validationCount)
        {
            int best = -1;
            for (int c = 0; c < groups.Length; c++)
                if (quotas[c] < groups[c].Count && (best < 0 || remainders[c] > remainders[best])) best = c;
            quotas[best]++;
            remainders[best] = -1;
            assigned++;
        }
        return quotas;
    }
}
