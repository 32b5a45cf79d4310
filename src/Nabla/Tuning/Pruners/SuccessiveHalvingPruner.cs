using Nabla.Tuning.Samplers;

namespace Nabla.Tuning.Pruners;

/// <summary>
/// Asynchronous successive halving (ASHA; Li et al., 2020, as in Optuna's SuccessiveHalvingPruner). Rung k sits at
/// step r·η^(s+k) (r = <see cref="MinResource"/>, η = <see cref="ReductionFactor"/>, s =
/// <see cref="MinEarlyStoppingRate"/>). When a trial first reports at or beyond a rung's step, its value there is
/// compared with the values of every trial that reached that rung: it continues only if it ranks within the best
/// max(1, ⌊m/η⌋) of those m values, otherwise it is pruned. Steps should count resource used (e.g. epochs completed).
/// </summary>
public sealed class SuccessiveHalvingPruner : IPruner
{
    /// <summary>Creates the pruner.</summary>
    public SuccessiveHalvingPruner(int minResource = 1, int reductionFactor = 3, int minEarlyStoppingRate = 0)
    {
        if (minResource < 1 || reductionFactor < 2 || minEarlyStoppingRate < 0)
            throw new ArgumentException(
                $"SuccessiveHalvingPruner: need minResource ≥ 1, reductionFactor ≥ 2, minEarlyStoppingRate ≥ 0; got {minResource}, {reductionFactor}, {minEarlyStoppingRate}");
        (MinResource, ReductionFactor, MinEarlyStoppingRate) = (minResource, reductionFactor, minEarlyStoppingRate);
    }

    /// <summary>Resource (step) of the first rung when s = 0.</summary>
    public int MinResource { get; }

    /// <summary>η: each rung keeps the best 1/η.</summary>
    public int ReductionFactor { get; }

    /// <summary>s: shifts the first rung to r·η^s.</summary>
    public int MinEarlyStoppingRate { get; }

    /// <inheritdoc/>
    public string Description => $"successive_halving(min_resource={MinResource}, eta={ReductionFactor}, s={MinEarlyStoppingRate})";

    /// <summary>The step of rung <paramref name="rung"/>.</summary>
    public long RungStep(int rung) => MinResource * (long)Math.Pow(ReductionFactor, MinEarlyStoppingRate + rung);

    /// <inheritdoc/>
    public bool ShouldPrune(Trial trial, IReadOnlyList<Trial> trials, StudyDirection direction)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(trials);
        if (trial.LastStep is not int step)
            return false;
        if (double.IsNaN(trial.IntermediateValues[step]))
            return true;
        for (int rung = 0; ; rung++)
        {
            long rungStep = RungStep(rung);
            if (step < rungStep)
                return false;
            if (FirstStepAtOrAfter(trial, rungStep) < step)
                continue;
            double value = SamplerMath.Score(trial.IntermediateValues[step], direction);
            var competing = new List<double>();
            foreach (var t in trials)
                if (t.Number != trial.Number && RungValue(t, rungStep) is double v && !double.IsNaN(v))
                    competing.Add(SamplerMath.Score(v, direction));
            competing.Add(value);
            competing.Sort();
            int keep = Math.Max(1, competing.Count / ReductionFactor);
            if (value > competing[keep - 1])
                return true;
        }
    }

    /// <summary>The value a trial had when it reached the rung at <paramref name="rungStep"/>, or null if it never did.</summary>
    internal static double? RungValue(Trial t, long rungStep)
    {
        int first = FirstStepAtOrAfter(t, rungStep);
        return first == int.MaxValue ? null : t.IntermediateValues[first];
    }

    private static int FirstStepAtOrAfter(Trial t, long rungStep)
    {
        int first = int.MaxValue;
        foreach (var s in t.IntermediateValues.Keys)
            if (s >= rungStep && s < first)
                first = s;
        return first;
    }
}
