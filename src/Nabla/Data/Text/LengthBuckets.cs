namespace Nabla.Data.Text;

/// <summary>
/// Length bucketing: groups sample indices of similar length into batches so that little padding is needed.
/// Indices are optionally shuffled, cut into pools of <c>batchSize × poolFactor</c>, each pool sorted by
/// length (stable) and cut into batches; the batch order is then shuffled (torchtext's BucketIterator idea).
/// Every index appears in exactly one batch.
/// </summary>
public static class LengthBuckets
{
    /// <summary>Returns the batches (arrays of sample indices) for samples of the given <paramref name="lengths"/>.</summary>
    /// <param name="lengths">Length of each sample.</param>
    /// <param name="batchSize">Maximum samples per batch (the last batch of a pool may be smaller).</param>
    /// <param name="generator">Shuffles indices and batch order; null sorts all samples by length in one pool
    /// and keeps the batches in that order.</param>
    /// <param name="poolFactor">Batches per sorting pool (larger = more uniform lengths, less randomness).</param>
    public static int[][] Batches(ReadOnlySpan<int> lengths, int batchSize, Generator? generator = null, int poolFactor = 50)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "LengthBuckets: batchSize must be ≥ 1.");
        if (poolFactor < 1) throw new ArgumentOutOfRangeException(nameof(poolFactor), poolFactor, "LengthBuckets: poolFactor must be ≥ 1.");
        int n = lengths.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        generator?.Shuffle(order.AsSpan());
        var keys = lengths.ToArray();
        var batches = new List<int[]>((n + batchSize - 1) / batchSize);
        int pool = generator is null ? n : batchSize * poolFactor;
        for (int start = 0; start < n; start += pool)
        {
            int count = Math.Min(pool, n - start);
            var chunk = order.AsSpan(start, count).ToArray();
            var sorted = chunk.OrderBy(i => keys[i]).ToArray();
            for (int b = 0; b < count; b += batchSize)
                batches.Add(sorted.AsSpan(b, Math.Min(batchSize, count - b)).ToArray());
        }
        var result = batches.ToArray();
        generator?.Shuffle(result.AsSpan());
        return result;
    }
}
