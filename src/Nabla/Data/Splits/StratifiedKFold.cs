using Nabla.Data.Sampling;

namespace Nabla.Data.Splits;

/// <summary>
/// Stratified k-fold cross-validation: each class's indices (shuffled within the class when asked) are dealt to
/// the folds in turn, continuing from where the previous class stopped, so every fold holds each class within
/// one sample of its share and fold sizes differ by at most one. (scikit-learn's <c>StratifiedKFold</c> allocates
/// differently but to the same guarantee.) Every index is validated on exactly once.
/// </summary>
public sealed class StratifiedKFold
{
    /// <summary>Creates the splitter.</summary>
    public StratifiedKFold(int k = 5, bool shuffle = false, ulong seed = 0)
    {
        if (k < 2) throw new ArgumentOutOfRangeException(nameof(k), $"StratifiedKFold: k must be at least 2, got {k}");
        K = k;
        Shuffle = shuffle;
        Seed = seed;
    }

    /// <summary>Number of folds.</summary>
    public int K { get; }

    /// <summary>Whether each class's indices are shuffled before dealing.</summary>
    public bool Shuffle { get; }

    /// <summary>Seed of the shuffle.</summary>
    public ulong Seed { get; }

    /// <summary>The k folds for samples with <paramref name="labels"/> in 0..classCount−1.</summary>
    public Fold[] Split(ReadOnlySpan<int> labels, int classCount)
    {
        SplitIndices.CheckK(K, labels.Length, "StratifiedKFold");
        var groups = Resampling.GroupByClass(labels, classCount);
        var rng = Shuffle ? new Generator(Seed) : null;
        var assignment = new int[labels.Length];
        int next = 0;
        foreach (var members in groups)
        {
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(members);
            rng?.Shuffle(span);
            foreach (int i in span)
            {
                assignment[i] = next;
                next = (next + 1) % K;
            }
        }
        var folds = new Fold[K];
        for (int f = 0; f < K; f++) folds[f] = SplitIndices.Build(f, assignment);
        return folds;
    }

    /// <summary>The k folds of a labeled dataset.</summary>
    public Fold[] Split(ILabeledDataset dataset) => Split(ClassWeights.Labels(dataset), dataset.ClassCount);
}
