namespace Nabla.Optim.Schedules;

/// <summary>
/// The 1cycle policy (Smith &amp; Topin 2018), PyTorch's <c>OneCycleLR</c>, stepped once per batch. The rate rises
/// from η_max/div to η_max over the first pct_start·T steps, then anneals to η_max/(div·final_div) by step T − 1;
/// with cycle_momentum the momentum (or Adam's β₁) moves the opposite way, from max_momentum to base_momentum and
/// back. With the cosine strategy each phase follows end + (start − end)(1 + cos(π·pct))/2, pct ∈ [0, 1] being the
/// position within the phase. three_phase adds a symmetric descent back to the initial rate before the final anneal.
/// </summary>
/// <remarks>
/// Defaults follow fastai's <c>fit_one_cycle</c>: div 25, final_div 1e5, pct_start 0.25, momentum 0.95 → 0.85.
/// PyTorch's defaults differ (pct_start 0.3, final_div_factor 1e4); pass them explicitly to reproduce PyTorch.
/// </remarks>
public sealed class OneCycleLR : LrScheduler
{
    private readonly int _totalSteps;
    private readonly Phase[] _phases;
    private readonly AnnealStrategy _anneal;
    private readonly bool _cycleMomentum;
    private readonly string _momentumKey;

    private readonly record struct Phase(double EndStep, string StartLr, string EndLr, string StartMomentum, string EndMomentum);

    /// <summary>Creates the schedule (setting each group's initial_lr, max_lr, min_lr and momentum) and applies step 0.</summary>
    /// <param name="optimizer">The optimizer to schedule.</param>
    /// <param name="maxLr">Peak learning rate for every group.</param>
    /// <param name="totalSteps">Total number of steps T (epochs × batches per epoch).</param>
    /// <param name="pctStart">Fraction of the steps spent rising.</param>
    /// <param name="annealStrategy">Cosine or linear annealing.</param>
    /// <param name="cycleMomentum">Cycle the momentum (SGD/RMSprop <c>momentum</c>, or <c>beta1</c> for Adam-type optimizers).</param>
    /// <param name="baseMomentum">Lowest momentum, reached at the peak rate.</param>
    /// <param name="maxMomentum">Highest momentum, at the start and the end.</param>
    /// <param name="divFactor">Initial rate = maxLr / divFactor.</param>
    /// <param name="finalDivFactor">Final rate = initial rate / finalDivFactor.</param>
    /// <param name="threePhase">Use the three-phase variant.</param>
    /// <param name="lastEpoch">Last step when resuming, −1 to start.</param>
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart = 0.25,
                      AnnealStrategy annealStrategy = AnnealStrategy.Cos, bool cycleMomentum = true, double baseMomentum = 0.85,
                      double maxMomentum = 0.95, double divFactor = 25, double finalDivFactor = 1e5, bool threePhase = false,
                      int lastEpoch = -1)
        : this(optimizer, Fill(optimizer, maxLr), totalSteps, pctStart, annealStrategy, cycleMomentum, baseMomentum, maxMomentum,
               divFactor, finalDivFactor, threePhase, lastEpoch)
    {
    }

    /// <summary>As the other constructor, with one peak learning rate per group.</summary>
    /// <inheritdoc cref="OneCycleLR(Optimizer, double, int, double, AnnealStrategy, bool, double, double, double, double, bool, int)"/>
    public OneCycleLR(Optimizer optimizer, IReadOnlyList<double> maxLrs, int totalSteps, double pctStart = 0.25,
                      AnnealStrategy annealStrategy = AnnealStrategy.Cos, bool cycleMomentum = true, double baseMomentum = 0.85,
                      double maxMomentum = 0.95, double divFactor = 25, double finalDivFactor = 1e5, bool threePhase = false,
                      int lastEpoch = -1)
        : base(Prepare(optimizer, maxLrs, totalSteps, pctStart, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, lastEpoch),
               lastEpoch)
    {
        _totalSteps = totalSteps;
        _anneal = annealStrategy;
        _cycleMomentum = cycleMomentum;
        _momentumKey = MomentumKey(optimizer);
        double t = totalSteps;
        _phases = threePhase
            ? [
                new Phase(pctStart * t - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                new Phase(2 * pctStart * t - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                new Phase(t - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"),
            ]
            : [
                new Phase(pctStart * t - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                new Phase(t - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"),
            ];
        InitialStep();
    }

    private static double[] Fill(Optimizer optimizer, double value)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var all = new double[optimizer.ParamGroups.Count];
        Array.Fill(all, value);
        return all;
    }

    private static string MomentumKey(Optimizer o) => o.Defaults.ContainsKey("beta1") ? "beta1" : "momentum";

    private static Optimizer Prepare(Optimizer optimizer, IReadOnlyList<double> maxLrs, int totalSteps, double pctStart,
                                     bool cycleMomentum, double baseMomentum, double maxMomentum, double divFactor,
                                     double finalDivFactor, int lastEpoch)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(maxLrs);
        var groups = optimizer.ParamGroups;
        if (totalSteps < 1) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "OneCycleLR: totalSteps must be a positive integer");
        if (!(pctStart is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "OneCycleLR: pctStart must be in [0, 1]");
        if (maxLrs.Count != groups.Count)
            throw new ArgumentException($"OneCycleLR: expected {groups.Count} values of maxLr (one per parameter group), got {maxLrs.Count}");
        if (cycleMomentum && !optimizer.Defaults.ContainsKey("momentum") && !optimizer.Defaults.ContainsKey("beta1"))
            throw new ArgumentException($"OneCycleLR: {optimizer.GetType().Name} has no momentum or beta1 to cycle; pass cycleMomentum: false");
        if (lastEpoch != -1) return optimizer;
        string key = MomentumKey(optimizer);
        for (int i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            g["initial_lr"] = maxLrs[i] / divFactor;
            g["max_lr"] = maxLrs[i];
            g["min_lr"] = g["initial_lr"] / finalDivFactor;
            if (cycleMomentum)
            {
                g[key] = maxMomentum;
                g["max_momentum"] = maxMomentum;
                g["base_momentum"] = baseMomentum;
            }
        }
        return optimizer;
    }

    private double Anneal(double start, double end, double pct) =>
        _anneal == AnnealStrategy.Cos ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1) : (end - start) * pct + start;

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Stepped more than totalSteps times.</exception>
    protected override void ComputeLr(Span<double> lrs)
    {
        int stepNum = LastEpoch;
        if (stepNum > _totalSteps)
            throw new InvalidOperationException($"OneCycleLR: tried to step {stepNum + 1} times; the schedule has {_totalSteps} total steps");
        for (int i = 0; i < lrs.Length; i++)
        {
            var g = Optimizer.ParamGroups[i];
            double start = 0;
            for (int p = 0; p < _phases.Length; p++)
            {
                var phase = _phases[p];
                if (stepNum <= phase.EndStep || p == _phases.Length - 1)
                {
                    double pct = (stepNum - start) / (phase.EndStep - start);
                    lrs[i] = Anneal(g[phase.StartLr], g[phase.EndLr], pct);
                    if (_cycleMomentum) g[_momentumKey] = Anneal(g[phase.StartMomentum], g[phase.EndMomentum], pct);
                    break;
                }
                start = phase.EndStep;
            }
        }
    }
}
