namespace Nabla.Data.Splits;

/// <summary>One fold of a cross-validation: the training and validation indices, each ascending.</summary>
/// <param name="Index">The fold number, 0..k−1.</param>
/// <param name="Train">Indices of the training part.</param>
/// <param name="Validation">Indices of the validation part.</param>
public sealed record Fold(int Index, int[] Train, int[] Validation);

/// <summary>Index bookkeeping shared by the splitters.</summary>
internal static class SplitIndices
{
    /// <summary>0..count−1, shuffled when <paramref name="rng"/> is given.</summary>
    public static int[] Permutation(int count, Generator? rng)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        rng?.Shuffle(order.AsSpan());
        return order;
    }

    /// <summary>Builds fold <paramref name="fold"/> from each index's fold assignment.</summary>
    public static Fold Build(int fold, ReadOnlySpan<int> assignment)
    {
        int validation = 0;
        foreach (int a in assignment) if (a == fold) validation++;
        var train = new int[assignment.Length - validation];
        var val = new int[validation];
        int t = 0, v = 0;
        for (int i = 0; i < assignment.Length; i++)
        {
            if (assignment[i] == fold) val[v++] = i;
            else train[t++] = i;
        }
        return new Fold(fold, train, val);
    }

    public static void CheckK(int k, int count, string op)
    {
        if (k < 2) throw new ArgumentOutOfRangeException(nameof(k), $"{op}: k must be at least 2, got {k}");
        if (count < k) throw new ArgumentException($"{op}: cannot make {k} folds from {count} samples; need at least one per fold");
    }
}
