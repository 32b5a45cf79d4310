namespace Nabla.Optim.Schedules;

/// <summary>
/// Linear warm-up composed with any schedule: the wrapped schedule runs unchanged and its rate is multiplied by a
/// factor rising linearly over the first W steps,
/// <code>ηₜ = inner(t) · (s + (1 − s)·min(t, W)/W)</code>
/// with start factor s. This equals PyTorch's <c>ChainedScheduler([LinearLR(opt, s, 1.0, W), inner])</c>.
/// Step the wrapper only (it steps the inner schedule).
/// </summary>
public sealed class LinearWarmup : LrScheduler
{
    private readonly LrScheduler _inner;
    private readonly int _warmupSteps;
    private readonly double _startFactor;

    /// <summary>Wraps <paramref name="inner"/> (already constructed on the same optimizer) and applies step 0.</summary>
    /// <param name="inner">The schedule to warm up.</param>
    /// <param name="warmupSteps">Steps W until the full rate (positive).</param>
    /// <param name="startFactor">Factor s at step 0, in (0, 1].</param>
    public LinearWarmup(LrScheduler inner, int warmupSteps, double startFactor = 0.1) : base(OptimizerOf(inner))
    {
        if (warmupSteps < 1) throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "LinearWarmup: warmupSteps must be at least 1");
        if (!(startFactor is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, "LinearWarmup: startFactor must be in (0, 1]");
        _inner = inner;
        _warmupSteps = warmupSteps;
        _startFactor = startFactor;
        InitialStep();
    }

    private static Optimizer OptimizerOf(LrScheduler inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return inner.Optimizer;
    }

    /// <summary>The wrapped schedule.</summary>
    public LrScheduler Inner => _inner;

    /// <summary>The warm-up factor at step <paramref name="t"/>.</summary>
    public double Factor(int t) => _startFactor + (1 - _startFactor) * Math.Min(Math.Max(t, 0), _warmupSteps) / _warmupSteps;

    /// <inheritdoc/>
    public override void Step()
    {
        if (LastEpoch >= 0)
        {
            RestoreInnerLr();
            _inner.Step();
        }
        base.Step();
    }

    /// <inheritdoc/>
    public override void Step(int epoch)
    {
        RestoreInnerLr();
        _inner.Step(epoch);
        base.Step(epoch);
    }

    private void RestoreInnerLr()
    {
        var groups = Optimizer.ParamGroups;
        for (int i = 0; i < groups.Count; i++) groups[i].Lr = _inner.LastLr[i];
    }

    /// <inheritdoc/>
    protected override void ComputeLr(Span<double> lrs)
    {
        double f = Factor(LastEpoch);
        for (int i = 0; i < lrs.Length; i++) lrs[i] = _inner.LastLr[i] * f;
    }

    /// <inheritdoc/>
    public override SchedulerStateDict StateDict()
    {
        var s = base.StateDict();
        var inner = _inner.StateDict();
        foreach (var (k, v) in inner.Scalars) s.Scalars["inner." + k] = v;
        foreach (var (k, v) in inner.Lists) s.Lists["inner." + k] = v;
        return s;
    }

    /// <inheritdoc/>
    public override void LoadStateDict(SchedulerStateDict state)
    {
        base.LoadStateDict(state);
        var inner = new SchedulerStateDict();
        foreach (var (k, v) in state.Scalars) if (k.StartsWith("inner.", StringComparison.Ordinal)) inner.Scalars[k[6..]] = v;
        foreach (var (k, v) in state.Lists) if (k.StartsWith("inner.", StringComparison.Ordinal)) inner.Lists[k[6..]] = v;
        _inner.LoadStateDict(inner);
    }
}
