namespace Nabla.Optim.Schedules;

/// <summary>
/// Cosine annealing with warm restarts (SGDR, Loshchilov &amp; Hutter 2017), PyTorch's
/// <c>CosineAnnealingWarmRestarts</c>: ηₜ = η_min + (η₀ − η_min)(1 + cos(π·T_cur/T_i))/2, where T_cur counts
/// epochs since the last restart and the period T_i starts at T₀ and is multiplied by T_mult at each restart.
/// Step per batch with fractional epochs through <see cref="Step(double)"/> (e.g. epoch + i / batches).
/// </summary>
public sealed class CosineAnnealingWarmRestarts : LrScheduler
{
    private readonly int _t0;
    private readonly int _tMult;
    private readonly double _etaMin;
    private double _tI;
    private double _tCur;

    /// <summary>Creates the schedule and applies epoch 0.</summary>
    /// <param name="optimizer">The optimizer to schedule.</param>
    /// <param name="t0">Length T₀ of the first period (positive).</param>
    /// <param name="tMult">Factor T_mult ≥ 1 growing the period after each restart.</param>
    /// <param name="etaMin">Lowest learning rate η_min.</param>
    /// <param name="lastEpoch">Last epoch when resuming, −1 to start.</param>
    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult = 1, double etaMin = 0, int lastEpoch = -1)
        : base(optimizer, lastEpoch)
    {
        if (t0 < 1) throw new ArgumentOutOfRangeException(nameof(t0), t0, "CosineAnnealingWarmRestarts: t0 must be a positive integer");
        if (tMult < 1) throw new ArgumentOutOfRangeException(nameof(tMult), tMult, "CosineAnnealingWarmRestarts: tMult must be an integer >= 1");
        _t0 = t0;
        _tI = t0;
        _tMult = tMult;
        _etaMin = etaMin;
        _tCur = lastEpoch;
        InitialStep();
    }

    /// <summary>Epochs since the last restart (PyTorch's <c>T_cur</c>).</summary>
    public double TCur => _tCur;

    /// <summary>The current period (PyTorch's <c>T_i</c>).</summary>
    public double TI => _tI;

    /// <inheritdoc/>
    public override void Step()
    {
        if (LastEpoch < 0)
        {
            Step(0.0);
            return;
        }
        StepCount++;
        _tCur += 1;
        if (_tCur >= _tI)
        {
            _tCur -= _tI;
            _tI *= _tMult;
        }
        LastEpoch++;
        Span<double> lrs = stackalloc double[GroupCount];
        ComputeLr(lrs);
        Apply(lrs);
    }

    /// <inheritdoc/>
    public override void Step(int epoch) => Step((double)epoch);

    /// <summary>Jumps to a (possibly fractional) epoch, e.g. epoch + batch / batches for per-batch stepping.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The epoch is negative.</exception>
    public void Step(double epoch)
    {
        if (!(epoch >= 0)) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "CosineAnnealingWarmRestarts: epoch must be non-negative");
        StepCount++;
        if (epoch >= _t0)
        {
            if (_tMult == 1)
            {
                _tCur = epoch % _t0;
            }
            else
            {
                int n = (int)(Math.Log(epoch / _t0 * (_tMult - 1) + 1) / Math.Log(_tMult));
                double power = Math.Pow(_tMult, n);
                _tCur = epoch - _t0 * (power - 1) / (_tMult - 1);
                _tI = _t0 * power;
            }
        }
        else
        {
            _tI = _t0;
            _tCur = epoch;
        }
        LastEpoch = (int)Math.Floor(epoch);
        Span<double> lrs = stackalloc double[GroupCount];
        ComputeLr(lrs);
        Apply(lrs);
    }

    /// <inheritdoc/>
    protected override void ComputeLr(Span<double> lrs)
    {
        for (int i = 0; i < lrs.Length; i++)
            lrs[i] = _etaMin + (BaseLrs[i] - _etaMin) * (1 + Math.Cos(Math.PI * _tCur / _tI)) / 2;
    }

    /// <inheritdoc/>
    public override SchedulerStateDict StateDict()
    {
        var s = base.StateDict();
        s.Scalars["T_i"] = _tI;
        s.Scalars["T_cur"] = _tCur;
        return s;
    }

    /// <inheritdoc/>
    public override void LoadStateDict(SchedulerStateDict state)
    {
        base.LoadStateDict(state);
        _tI = state.Scalar("T_i", nameof(CosineAnnealingWarmRestarts));
        _tCur = state.Scalar("T_cur", nameof(CosineAnnealingWarmRestarts));
    }
}
