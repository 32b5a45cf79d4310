using Nabla.Tuning.Samplers;

namespace Nabla.Tuning.Pruners;

/// <summary>
/// The median stopping rule (Golovin et al., 2017, Google Vizier; Optuna's MedianPruner): at its latest step s,
/// a trial is pruned when its best intermediate value so far is worse than the median of the values that the
/// complete trials reported at step s. Nothing is pruned before <see cref="StartupTrials"/> trials have completed,
/// before step <see cref="WarmupSteps"/>, or between checks (every <see cref="IntervalSteps"/> steps after warm-up).
/// </summary>
public sealed class MedianPruner : IPruner
{
    /// <summary>Creates the pruner.</summary>
    public MedianPruner(int startupTrials = 5, int warmupSteps = 0, int intervalSteps = 1)
    {
        if (startupTrials < 0 || warmupSteps < 0 || intervalSteps < 1)
            throw new ArgumentException($"MedianPruner: need startupTrials ≥ 0, warmupSteps ≥ 0, intervalSteps ≥ 1; got {startupTrials}, {warmupSteps}, {intervalSteps}");
        (StartupTrials, WarmupSteps, IntervalSteps) = (startupTrials, warmupSteps, intervalSteps);
    }

    /// <summary>Complete trials needed before pruning starts.</summary>
    public int StartupTrials { get; }

    /// <summary>Steps before which a trial is never pruned.</summary>
    public int WarmupSteps { get; }

    /// <summary>Check every this many steps after warm-up.</summary>
    public int IntervalSteps { get; }

    /// <inheritdoc/>
    public string Description => $"median(startup={StartupTrials}, warmup={WarmupSteps}, interval={IntervalSteps})";

    /// <inheritdoc/>
    public bool ShouldPrune(Trial trial, IReadOnlyList<Trial> trials, StudyDirection direction)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(trials);
        if (trial.LastStep is not int step || step < WarmupSteps || (step - WarmupSteps) % IntervalSteps != 0)
            return false;
        var complete = trials.Where(t => t.State == TrialState.Complete && t.Number != trial.Number).ToList();
        if (complete.Count < StartupTrials)
            return false;
        var atStep = new List<double>();
        foreach (var t in complete)
            if (t.IntermediateValues.TryGetValue(step, out double v) && !double.IsNaN(v))
                atStep.Add(SamplerMath.Score(v, direction));
        if (atStep.Count == 0)
            return false;
        double best = double.PositiveInfinity;
        foreach (var (s, v) in trial.IntermediateValues)
            if (s <= step && !double.IsNaN(v))
                best = Math.Min(best, SamplerMath.Score(v, direction));
        return best > Median(atStep);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
