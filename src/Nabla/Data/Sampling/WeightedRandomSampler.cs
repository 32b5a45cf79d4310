namespace Nabla.Data.Sampling;

/// <summary>
/// Draws indices with probability proportional to their weights, like PyTorch's <c>WeightedRandomSampler</c>:
/// P(i) = w_i / Σ_j w_j, with replacement (inverse-CDF lookup), or without replacement (Efraimidis–Spirakis:
/// the indices with the largest keys u^(1/w_i)). Each epoch's draws come from (seed, epoch).
/// Weighting samples by <see cref="ClassWeights.Balanced(ILabeledDataset)"/> makes every class equally likely.
/// </summary>
public sealed class WeightedRandomSampler : ISampler
{
    private readonly double[] _weights;
    private readonly double[] _cumulative;
    private readonly double[] _keys;
    private readonly int[] _order;
    private readonly Generator _rng = new(0);
    private readonly int _lastPositive;

    /// <summary>Creates the sampler.</summary>
    /// <param name="weights">Non-negative weight of each dataset index (need not sum to 1).</param>
    /// <param name="numSamples">Indices drawn per epoch.</param>
    /// <param name="replacement">Whether an index may be drawn more than once per epoch.</param>
    /// <param name="seed">Seed of the draws.</param>
    public WeightedRandomSampler(ReadOnlySpan<double> weights, int numSamples, bool replacement = true, ulong seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numSamples);
        _weights = weights.ToArray();
        _cumulative = new double[_weights.Length];
        double total = 0;
        int positive = 0;
        for (int i = 0; i < _weights.Length; i++)
        {
            double w = _weights[i];
            if (!(w >= 0) || double.IsInfinity(w))
                throw new ArgumentException($"WeightedRandomSampler: weight {w} at index {i} must be finite and non-negative");
            total += w;
            _cumulative[i] = total;
            if (w > 0)
            {
                positive++;
                _lastPositive = i;
            }
        }
        if (total <= 0 && numSamples > 0)
            throw new ArgumentException("WeightedRandomSampler: the weights sum to 0; at least one must be positive");
        if (!replacement && numSamples > positive)
            throw new ArgumentException(
                $"WeightedRandomSampler: cannot draw {numSamples} indices without replacement from {positive} with a positive weight");
        Length = numSamples;
        Replacement = replacement;
        Seed = seed;
        _keys = replacement ? [] : new double[_weights.Length];
        _order = replacement ? [] : new int[_weights.Length];
    }

    /// <summary>A sampler drawing <paramref name="dataset"/>.Count indices so that every class is equally likely.</summary>
    public static WeightedRandomSampler Balanced(ILabeledDataset dataset, ulong seed = 0)
    {
        var labels = ClassWeights.Labels(dataset);
        var perSample = ClassWeights.PerSample(labels, ClassWeights.Balanced(labels, dataset.ClassCount));
        return new WeightedRandomSampler(perSample, labels.Length, replacement: true, seed);
    }

    /// <inheritdoc/>
    public int Length { get; }

    /// <summary>Whether indices may repeat within an epoch.</summary>
    public bool Replacement { get; }

    /// <summary>Seed of the draws.</summary>
    public ulong Seed { get; }

    /// <inheritdoc/>
    public void Sample(int epoch, Span<int> indices)
    {
        if (indices.Length != Length)
            throw new ArgumentException($"WeightedRandomSampler: destination holds {indices.Length} indices, expected {Length}");
        lock (_rng)
        {
            _rng.Reseed(SampleSeeds.Derive(Seed, epoch, 0, 0x5745_4947_4854_0001UL));
            if (Replacement) WithReplacement(indices);
            else WithoutReplacement(indices);
        }
    }

    private void WithReplacement(Span<int> indices)
    {
        double total = _cumulative[^1];
        for (int s = 0; s < indices.Length; s++)
        {
            double u = _rng.NextDouble() * total;
            int i = Array.BinarySearch(_cumulative, u);
            i = i >= 0 ? i + 1 : ~i;
            while (i < _weights.Length && _weights[i] == 0) i++;
            indices[s] = i < _weights.Length ? i : _lastPositive;
        }
    }

    private void WithoutReplacement(Span<int> indices)
    {
        for (int i = 0; i < _weights.Length; i++)
        {
            _order[i] = i;
            double u = 1.0 - _rng.NextDouble();
            // Sorting ascending by −log(u)/w puts the largest keys u^(1/w) first; weight 0 sorts last.
            _keys[i] = _weights[i] > 0 ? -Math.Log(u) / _weights[i] : double.PositiveInfinity;
        }
        Array.Sort(_keys, _order);
        _order.AsSpan(0, indices.Length).CopyTo(indices);
    }
}
