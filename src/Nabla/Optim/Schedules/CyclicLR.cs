namespace Nabla.Optim.Schedules;

/// <summary>
/// Cyclical learning rates (Smith 2017), PyTorch's <c>CyclicLR</c>, stepped once per batch. With cycle length
/// up + down, cycle = ⌊1 + t/(up + down)⌋, x = 1 + t/(up + down) − cycle and r = up/(up + down), the scale is
/// x/r while rising and (x − 1)/(r − 1) while falling, and
/// <code>η = η_base + (η_max − η_base)·scale·f</code>
/// where f = 1 (triangular), 1/2^(cycle−1) (triangular2), γᵗ (exp_range) or a custom function of the cycle or the
/// iteration. With cycle_momentum the momentum moves inversely: m = m_max − (m_max − m_base)·scale·f.
/// </summary>
public sealed class CyclicLR : LrScheduler
{
    private readonly double[] _maxLrs;
    private readonly double[]? _baseMomentums;
    private readonly double[]? _maxMomentums;
    private readonly double _totalSize;
    private readonly double _stepRatio;
    private readonly CyclicMode _mode;
    private readonly double _gamma;
    private readonly Func<double, double>? _scaleFn;
    private readonly bool _scaleByCycle;

    /// <summary>Creates the schedule (setting each group's lr to its base rate) and applies step 0.</summary>
    /// <param name="optimizer">The optimizer to schedule.</param>
    /// <param name="baseLr">Lower rate of every group.</param>
    /// <param name="maxLr">Upper rate of every group.</param>
    /// <param name="stepSizeUp">Steps in the rising half.</param>
    /// <param name="stepSizeDown">Steps in the falling half (default: stepSizeUp).</param>
    /// <param name="mode">Amplitude policy.</param>
    /// <param name="gamma">γ of <see cref="CyclicMode.ExpRange"/>.</param>
    /// <param name="scaleFn">Custom amplitude f, overriding <paramref name="mode"/>.</param>
    /// <param name="scaleByCycle">Whether <paramref name="scaleFn"/> takes the cycle number (true) or the iteration.</param>
    /// <param name="cycleMomentum">Cycle the optimizer's <c>momentum</c> inversely to the rate.</param>
    /// <param name="baseMomentum">Lower momentum.</param>
    /// <param name="maxMomentum">Upper momentum.</param>
    /// <param name="lastEpoch">Last step when resuming, −1 to start.</param>
    public CyclicLR(Optimizer optimizer, double baseLr, double maxLr, int stepSizeUp = 2000, int? stepSizeDown = null,
                    CyclicMode mode = CyclicMode.Triangular, double gamma = 1, Func<double, double>? scaleFn = null,
                    bool scaleByCycle = true, bool cycleMomentum = true, double baseMomentum = 0.8, double maxMomentum = 0.9,
                    int lastEpoch = -1)
        : this(optimizer, PerGroup(optimizer, baseLr), PerGroup(optimizer, maxLr), stepSizeUp, stepSizeDown, mode, gamma, scaleFn,
               scaleByCycle, cycleMomentum, baseMomentum, maxMomentum, lastEpoch)
    {
    }

    /// <summary>As the other constructor, with per-group base and maximum rates.</summary>
    /// <inheritdoc cref="CyclicLR(Optimizer, double, double, int, int?, CyclicMode, double, Func{double, double}?, bool, bool, double, double, int)"/>
    public CyclicLR(Optimizer optimizer, IReadOnlyList<double> baseLrs, IReadOnlyList<double> maxLrs, int stepSizeUp = 2000,
                    int? stepSizeDown = null, CyclicMode mode = CyclicMode.Triangular, double gamma = 1,
                    Func<double, double>? scaleFn = null, bool scaleByCycle = true, bool cycleMomentum = true,
                    double baseMomentum = 0.8, double maxMomentum = 0.9, int lastEpoch = -1)
        : base(Prepare(optimizer, baseLrs, maxLrs, cycleMomentum, baseMomentum, lastEpoch), lastEpoch)
    {
        if (stepSizeUp < 1) throw new ArgumentOutOfRangeException(nameof(stepSizeUp), stepSizeUp, "CyclicLR: stepSizeUp must be at least 1");
        if (stepSizeDown is < 1) throw new ArgumentOutOfRangeException(nameof(stepSizeDown), stepSizeDown, "CyclicLR: stepSizeDown must be at least 1");
        _maxLrs = [.. maxLrs];
        double up = stepSizeUp, down = stepSizeDown ?? stepSizeUp;
        _totalSize = up + down;
        _stepRatio = up / _totalSize;
        _mode = mode;
        _gamma = gamma;
        _scaleFn = scaleFn;
        _scaleByCycle = scaleFn is null ? mode != CyclicMode.ExpRange : scaleByCycle;
        if (cycleMomentum)
        {
            int n = optimizer.ParamGroups.Count;
            _baseMomentums = new double[n];
            _maxMomentums = new double[n];
            for (int i = 0; i < n; i++)
            {
                _baseMomentums[i] = optimizer.ParamGroups[i]["momentum"];
                _maxMomentums[i] = maxMomentum;
            }
        }
        InitialStep();
        for (int i = 0; i < baseLrs.Count; i++) BaseLrsSpan[i] = baseLrs[i];
    }

    private static double[] PerGroup(Optimizer optimizer, double value)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var all = new double[optimizer.ParamGroups.Count];
        Array.Fill(all, value);
        return all;
    }

    private static Optimizer Prepare(Optimizer optimizer, IReadOnlyList<double> baseLrs, IReadOnlyList<double> maxLrs,
                                     bool cycleMomentum, double baseMomentum, int lastEpoch)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(baseLrs);
        ArgumentNullException.ThrowIfNull(maxLrs);
        var groups = optimizer.ParamGroups;
        if (baseLrs.Count != groups.Count || maxLrs.Count != groups.Count)
            throw new ArgumentException($"CyclicLR: expected {groups.Count} base and max rates (one per parameter group), got {baseLrs.Count} and {maxLrs.Count}");
        if (cycleMomentum && !optimizer.Defaults.ContainsKey("momentum"))
            throw new ArgumentException($"CyclicLR: {optimizer.GetType().Name} has no 'momentum' to cycle; pass cycleMomentum: false");
        if (lastEpoch == -1)
            for (int i = 0; i < groups.Count; i++)
            {
                groups[i].Lr = baseLrs[i];
                if (cycleMomentum) groups[i]["momentum"] = baseMomentum;
            }
        return optimizer;
    }

    private double Scale(double x) => _scaleFn is not null ? _scaleFn(x) : _mode switch
    {
        CyclicMode.Triangular => 1.0,
        CyclicMode.Triangular2 => 1 / Math.Pow(2.0, x - 1),
        _ => Math.Pow(_gamma, x),
    };

    /// <inheritdoc/>
    protected override void ComputeLr(Span<double> lrs)
    {
        double cycle = Math.Floor(1 + LastEpoch / _totalSize);
        double x = 1.0 + LastEpoch / _totalSize - cycle;
        double scaleFactor = x <= _stepRatio ? x / _stepRatio : (x - 1) / (_stepRatio - 1);
        double f = Scale(_scaleByCycle ? cycle : LastEpoch);
        for (int i = 0; i < lrs.Length; i++)
            lrs[i] = BaseLrs[i] + (_maxLrs[i] - BaseLrs[i]) * scaleFactor * f;
        if (_baseMomentums is null || _maxMomentums is null) return;
        for (int i = 0; i < lrs.Length; i++)
            Optimizer.ParamGroups[i]["momentum"] = _maxMomentums[i] - (_maxMomentums[i] - _baseMomentums[i]) * scaleFactor * f;
    }
}
