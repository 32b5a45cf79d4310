namespace Nabla.Tuning.Pruners;

/// <summary>
/// Hyperband (Li et al., 2018) over asynchronous successive halving, as Optuna's HyperbandPruner: with
/// B = ⌊log_η(maxResource / minResource)⌋ + 1 brackets, bracket b is a <see cref="SuccessiveHalvingPruner"/> with
/// early-stopping rate s = b, and trials are compared only with trials of their own bracket. Each trial is assigned
/// to a bracket deterministically from its number, with probability proportional to the bracket's budget
/// ⌈B·η^(B−1−b) / (B − b)⌉, so aggressive and conservative brackets hedge against each other.
/// </summary>
public sealed class HyperbandPruner : IPruner
{
    private readonly SuccessiveHalvingPruner[] _brackets;
    private readonly double[] _cumulative;

    /// <summary>Creates the pruner.</summary>
    public HyperbandPruner(int minResource = 1, int maxResource = 27, int reductionFactor = 3, ulong seed = 0)
    {
        if (minResource < 1 || maxResource < minResource || reductionFactor < 2)
            throw new ArgumentException(
                $"HyperbandPruner: need 1 ≤ minResource ≤ maxResource and reductionFactor ≥ 2; got {minResource}, {maxResource}, {reductionFactor}");
        (MinResource, MaxResource, ReductionFactor, Seed) = (minResource, maxResource, reductionFactor, seed);
        int count = (int)Math.Floor(Math.Log((double)maxResource / minResource, reductionFactor) + 1e-9) + 1;
        _brackets = new SuccessiveHalvingPruner[count];
        _cumulative = new double[count];
        double total = 0;
        for (int b = 0; b < count; b++)
        {
            _brackets[b] = new SuccessiveHalvingPruner(minResource, reductionFactor, b);
            total += Math.Ceiling(count * Math.Pow(reductionFactor, count - 1 - b) / (count - b));
            _cumulative[b] = total;
        }
        for (int b = 0; b < count; b++)
            _cumulative[b] /= total;
    }

    /// <summary>Smallest resource.</summary>
    public int MinResource { get; }

    /// <summary>Largest resource (e.g. the epoch budget).</summary>
    public int MaxResource { get; }

    /// <summary>η.</summary>
    public int ReductionFactor { get; }

    /// <summary>Seed of the bracket assignment.</summary>
    public ulong Seed { get; }

    /// <summary>Number of brackets.</summary>
    public int BracketCount => _brackets.Length;

    /// <inheritdoc/>
    public string Description => $"hyperband(min_resource={MinResource}, max_resource={MaxResource}, eta={ReductionFactor}, seed={Seed})";

    /// <summary>The bracket of trial <paramref name="trialNumber"/>.</summary>
    public int Bracket(int trialNumber)
    {
        double u = Samplers.SamplerMath.For(Seed ^ 0x48594250UL, trialNumber).NextDouble();
        for (int b = 0; b < _cumulative.Length; b++)
            if (u < _cumulative[b])
                return b;
        return _cumulative.Length - 1;
    }

    /// <inheritdoc/>
    public bool ShouldPrune(Trial trial, IReadOnlyList<Trial> trials, StudyDirection direction)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(trials);
        int bracket = Bracket(trial.Number);
        var peers = trials.Where(t => Bracket(t.Number) == bracket).ToList();
        return _brackets[bracket].ShouldPrune(trial, peers, direction);
    }
}
