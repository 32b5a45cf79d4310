namespace Nabla.Optim.Schedules;

/// <summary>
/// Cosine annealing from the initial rate to η_min over T_max epochs (SGDR without restarts), PyTorch's
/// <c>CosineAnnealingLR</c>: ηₜ = η_min + (η₀ − η_min)(1 + cos(πt/T_max))/2. Past T_max the rate rises again
/// along the same cosine, as in PyTorch. Stepping uses PyTorch's recursive form (which also follows outside
/// changes to <c>lr</c>); <see cref="LrScheduler.Step(int)"/> uses the closed form.
/// </summary>
public sealed class CosineAnnealingLR : LrScheduler
{
    private readonly int _tMax;
    private readonly double _etaMin;

    /// <summary>Creates the schedule and applies epoch 0.</summary>
    /// <param name="optimizer">The optimizer to schedule.</param>
    /// <param name="tMax">Epochs T_max of the half cosine (positive).</param>
    /// <param name="etaMin">Lowest learning rate η_min.</param>
    /// <param name="lastEpoch">Last epoch when resuming, −1 to start.</param>
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0, int lastEpoch = -1) : base(optimizer, lastEpoch)
    {
        if (tMax < 1) throw new ArgumentOutOfRangeException(nameof(tMax), tMax, "CosineAnnealingLR: tMax must be at least 1");
        _tMax = tMax;
        _etaMin = etaMin;
        InitialStep();
    }

    /// <inheritdoc/>
    protected override void ComputeLr(Span<double> lrs)
    {
        int t = LastEpoch;
        for (int i = 0; i < lrs.Length; i++)
        {
            double lr = GroupLr(i), b = BaseLrs[i];
            if (t == 0) lrs[i] = lr;
            else if (StepCount == 1 && t > 0) lrs[i] = _etaMin + (b - _etaMin) * (1 + Math.Cos(t * Math.PI / _tMax)) / 2;
            else if ((t - 1 - _tMax) % (2 * _tMax) == 0) lrs[i] = lr + (b - _etaMin) * (1 - Math.Cos(Math.PI / _tMax)) / 2;
            else lrs[i] = (1 + Math.Cos(Math.PI * t / _tMax)) / (1 + Math.Cos(Math.PI * (t - 1) / _tMax)) * (lr - _etaMin) + _etaMin;
        }
    }

    /// <inheritdoc/>
    protected override bool ClosedFormLr(Span<double> lrs)
    {
        for (int i = 0; i < lrs.Length; i++)
            lrs[i] = _etaMin + (BaseLrs[i] - _etaMin) * (1 + Math.Cos(Math.PI * LastEpoch / _tMax)) / 2;
        return true;
    }
}
