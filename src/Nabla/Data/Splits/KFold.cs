namespace Nabla.Data.Splits;

/// <summary>
/// k-fold cross-validation, like scikit-learn's <c>KFold</c>: the (optionally shuffled) indices are cut into k
/// consecutive folds, the first n mod k of size ⌊n/k⌋ + 1 and the rest ⌊n/k⌋; fold i validates on part i and
/// trains on the others. Every index is validated on exactly once.
/// </summary>
public sealed class KFold
{
    /// <summary>Creates the splitter.</summary>
    public KFold(int k = 5, bool shuffle = false, ulong seed = 0)
    {
        if (k < 2) throw new ArgumentOutOfRangeException(nameof(k), $"KFold: k must be at least 2, got {k}");
        K = k;
        Shuffle = shuffle;
        Seed = seed;
    }

    /// <summary>Number of folds.</summary>
    public int K { get; }

    /// <summary>Whether the indices are shuffled before cutting.</summary>
    public bool Shuffle { get; }

    /// <summary>Seed of the shuffle.</summary>
    public ulong Seed { get; }

    /// <summary>The k folds of <paramref name="count"/> samples.</summary>
    public Fold[] Split(int count)
    {
        SplitIndices.CheckK(K, count, "KFold");
        var order = SplitIndices.Permutation(count, Shuffle ? new Generator(Seed) : null);
        var assignment = new int[count];
        int start = 0;
        for (int f = 0; f < K; f++)
        {
            int size = count / K + (f < count % K ? 1 : 0);
            for (int j = start; j < start + size; j++) assignment[order[j]] = f;
            start += size;
        }
        var folds = new Fold[K];
        for (int f = 0; f < K; f++) folds[f] = SplitIndices.Build(f, assignment);
        return folds;
    }

    /// <summary>The k folds of a dataset's indices.</summary>
    public Fold[] Split(IDataset dataset) => Split(dataset.Count);
}
