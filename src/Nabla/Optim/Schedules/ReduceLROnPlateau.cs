namespace Nabla.Optim.Schedules;

/// <summary>
/// Reduces the learning rate when a metric stops improving, PyTorch's <c>ReduceLROnPlateau</c>. After each
/// <see cref="Step(double)"/> with the epoch's metric: a value better than best·(1 ∓ threshold) (relative) or
/// best ∓ threshold (absolute) resets the count of bad epochs; when more than <c>patience</c> bad epochs have
/// passed, every group's rate becomes max(η·factor, min_lr) (skipped when the change is at most eps), followed by
/// <c>cooldown</c> epochs in which bad epochs are not counted.
/// </summary>
public sealed class ReduceLROnPlateau
{
    private readonly PlateauMode _mode;
    private readonly double _factor;
    private readonly int _patience;
    private readonly double _threshold;
    private readonly bool _relative;
    private readonly int _cooldown;
    private readonly double[] _minLrs;
    private readonly double _eps;
    private readonly double[] _lastLr;

    /// <summary>Watches a metric for <paramref name="optimizer"/>.</summary>
    /// <param name="optimizer">The optimizer whose groups' <c>lr</c> is reduced.</param>
    /// <param name="mode">Minimize or maximize the metric.</param>
    /// <param name="factor">Multiplier applied on a plateau (below 1).</param>
    /// <param name="patience">Bad epochs tolerated before reducing.</param>
    /// <param name="threshold">Smallest significant improvement.</param>
    /// <param name="relativeThreshold">Threshold relative to the best value (PyTorch's 'rel') or absolute ('abs').</param>
    /// <param name="cooldown">Epochs to wait after a reduction before counting bad epochs again.</param>
    /// <param name="minLr">Lower bound of each group's rate (one value for all groups).</param>
    /// <param name="eps">Smallest change applied.</param>
    public ReduceLROnPlateau(Optimizer optimizer, PlateauMode mode = PlateauMode.Min, double factor = 0.1, int patience = 10,
                             double threshold = 1e-4, bool relativeThreshold = true, int cooldown = 0, double minLr = 0, double eps = 1e-8)
        : this(optimizer, Fill(optimizer, minLr), mode, factor, patience, threshold, relativeThreshold, cooldown, eps)
    {
    }

    /// <summary>As the other constructor, with one lower bound per group.</summary>
    /// <inheritdoc cref="ReduceLROnPlateau(Optimizer, PlateauMode, double, int, double, bool, int, double, double)"/>
    public ReduceLROnPlateau(Optimizer optimizer, IReadOnlyList<double> minLrs, PlateauMode mode = PlateauMode.Min, double factor = 0.1,
                             int patience = 10, double threshold = 1e-4, bool relativeThreshold = true, int cooldown = 0, double eps = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(minLrs);
        if (!(factor < 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "ReduceLROnPlateau: factor must be below 1");
        if (minLrs.Count != optimizer.ParamGroups.Count)
            throw new ArgumentException($"ReduceLROnPlateau: expected {optimizer.ParamGroups.Count} min_lr values (one per parameter group), got {minLrs.Count}");
        Optimizer = optimizer;
        _mode = mode;
        _factor = factor;
        _patience = patience;
        _threshold = threshold;
        _relative = relativeThreshold;
        _cooldown = cooldown;
        _minLrs = [.. minLrs];
        _eps = eps;
        _lastLr = new double[minLrs.Count];
        for (int i = 0; i < _lastLr.Length; i++) _lastLr[i] = optimizer.ParamGroups[i].Lr;
        Best = mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;
    }

    private static double[] Fill(Optimizer optimizer, double value)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var all = new double[optimizer.ParamGroups.Count];
        Array.Fill(all, value);
        return all;
    }

    /// <summary>The scheduled optimizer.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The best metric seen so far.</summary>
    public double Best { get; private set; }

    /// <summary>Consecutive epochs without significant improvement.</summary>
    public int NumBadEpochs { get; private set; }

    /// <summary>Epochs left in the current cooldown.</summary>
    public int CooldownCounter { get; private set; }

    /// <summary>Epochs seen.</summary>
    public int LastEpoch { get; private set; }

    /// <summary>Each group's learning rate after the last step.</summary>
    public IReadOnlyList<double> LastLr => _lastLr;

    /// <summary>Records the epoch's <paramref name="metric"/> and reduces the rates if it has plateaued.</summary>
    public void Step(double metric)
    {
        LastEpoch++;
        if (IsBetter(metric, Best))
        {
            Best = metric;
            NumBadEpochs = 0;
        }
        else
        {
            NumBadEpochs++;
        }
        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            NumBadEpochs = 0;
        }
        if (NumBadEpochs > _patience)
        {
            Reduce();
            CooldownCounter = _cooldown;
            NumBadEpochs = 0;
        }
        var groups = Optimizer.ParamGroups;
        for (int i = 0; i < _lastLr.Length; i++) _lastLr[i] = groups[i].Lr;
    }

    private void Reduce()
    {
        var groups = Optimizer.ParamGroups;
        for (int i = 0; i < groups.Count; i++)
        {
            double old = groups[i].Lr;
            double lr = Math.Max(old * _factor, _minLrs[i]);
            if (old - lr > _eps) groups[i].Lr = lr;
        }
    }

    private bool IsBetter(double a, double best) => (_mode, _relative) switch
    {
        (PlateauMode.Min, true) => a < best * (1.0 - _threshold),
        (PlateauMode.Min, false) => a < best - _threshold,
        (PlateauMode.Max, true) => a > best * (_threshold + 1.0),
        _ => a > best + _threshold,
    };

    /// <summary>The counters and best value (PyTorch's names).</summary>
    public SchedulerStateDict StateDict()
    {
        var s = new SchedulerStateDict();
        s.Scalars["best"] = Best;
        s.Scalars["num_bad_epochs"] = NumBadEpochs;
        s.Scalars["cooldown_counter"] = CooldownCounter;
        s.Scalars["last_epoch"] = LastEpoch;
        s.Lists["_last_lr"] = (double[])_lastLr.Clone();
        return s;
    }

    /// <summary>Restores a state saved by <see cref="StateDict"/>.</summary>
    public void LoadStateDict(SchedulerStateDict state)
    {
        ArgumentNullException.ThrowIfNull(state);
        const string owner = nameof(ReduceLROnPlateau);
        Best = state.Scalar("best", owner);
        NumBadEpochs = (int)state.Scalar("num_bad_epochs", owner);
        CooldownCounter = (int)state.Scalar("cooldown_counter", owner);
        LastEpoch = (int)state.Scalar("last_epoch", owner);
        var last = state.List("_last_lr", owner);
        if (last.Length != _lastLr.Length)
            throw new ArgumentException($"{owner}.LoadStateDict: the state has {last.Length} parameter groups but the optimizer has {_lastLr.Length}");
        last.CopyTo(_lastLr, 0);
    }
}
