namespace Nabla.Tuning.Samplers;

/// <summary>
/// Exhaustive search over the Cartesian product of each parameter's grid: every choice; every integer when the
/// range holds at most <see cref="PointsPerDimension"/> of them, else that many evenly spaced integers (log-spaced
/// when log); and <see cref="PointsPerDimension"/> evenly spaced points from low to high for real parameters
/// (log-spaced for log-uniform). Trial n takes combination n (in a seeded shuffled order when asked), so each
/// combination is tried exactly once; afterwards the sampler is exhausted and the study stops.
/// </summary>
public sealed class GridSampler : ISampler
{
    /// <summary>Creates the sampler.</summary>
    public GridSampler(int pointsPerDimension = 5, bool shuffle = false, ulong seed = 0)
    {
        if (pointsPerDimension < 1)
            throw new ArgumentOutOfRangeException(nameof(pointsPerDimension), $"GridSampler: pointsPerDimension must be ≥ 1, got {pointsPerDimension}");
        (PointsPerDimension, Shuffle, Seed) = (pointsPerDimension, shuffle, seed);
    }

    /// <summary>Grid points for each real (and wide integer) parameter.</summary>
    public int PointsPerDimension { get; }

    /// <summary>Whether the combinations are visited in a seeded random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Seed of the order.</summary>
    public ulong Seed { get; }

    /// <inheritdoc/>
    public string Description => $"grid(points={PointsPerDimension}, shuffle={Shuffle}, seed={Seed})";

    /// <summary>The grid (internal values) of each parameter, in space order.</summary>
    public IReadOnlyList<double[]> Axes(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var axes = new List<double[]>();
        foreach (var (_, d) in space.Parameters)
            axes.Add(Axis(d));
        return axes;
    }

    /// <summary>Number of combinations.</summary>
    public long Size(SearchSpace space)
    {
        long size = 1;
        foreach (var axis in Axes(space))
            size = checked(size * axis.Length);
        return size;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double>? Sample(SearchSpace space, int trialNumber, IReadOnlyList<Trial> trials, StudyDirection direction)
    {
        var axes = Axes(space);
        long size = Size(space);
        if (trialNumber >= size)
            return null;
        long index = Shuffle ? Permutation(size)[trialNumber] : trialNumber;
        var result = new Dictionary<string, double>();
        for (int p = space.Count - 1; p >= 0; p--)
        {
            var axis = axes[p];
            result[space.Parameters[p].Key] = axis[index % axis.Length];
            index /= axis.Length;
        }
        return result;
    }

    private long[] Permutation(long size)
    {
        if (size > 10_000_000)
            throw new InvalidOperationException($"GridSampler: a shuffled grid of {size} combinations is too large; use RandomSampler");
        var order = new long[size];
        for (long i = 0; i < size; i++) order[i] = i;
        new Generator(Seed).Shuffle(order.AsSpan());
        return order;
    }

    private double[] Axis(Distribution d)
    {
        switch (d)
        {
            case ChoiceDistribution c:
                return [.. Enumerable.Range(0, c.Values.Count).Select(i => (double)i)];
            case IntDistribution i when i.High - i.Low + 1 <= PointsPerDimension:
                var all = new double[i.High - i.Low + 1];
                for (long k = i.Low; k <= i.High; k++) all[k - i.Low] = i.FromInteger(k);
                return all;
            case IntDistribution i:
                double lo = i.Log ? Math.Log(i.Low) : i.Low, hi = i.Log ? Math.Log(i.High) : i.High;
                return [.. Spaced(lo, hi).Select(x => i.Snap(x)).Distinct()];
            default:
                return Spaced(d.InternalLow, d.InternalHigh);
        }
    }

    private double[] Spaced(double low, double high)
    {
        if (PointsPerDimension == 1 || low == high)
            return [low + (high - low) / 2];
        var points = new double[PointsPerDimension];
        for (int k = 0; k < points.Length; k++)
            points[k] = k == points.Length - 1 ? high : low + (high - low) * k / (points.Length - 1);
        return points;
    }
}
