namespace Nabla.Optim.Schedules;

/// <summary>
/// Polynomial decay to zero over <c>totalIters</c> epochs, PyTorch's <c>PolynomialLR</c>:
/// ηₜ = η₀·(1 − min(t, T)/T)^p.
/// </summary>
public sealed class PolynomialLR : LrScheduler
{
    private readonly int _totalIters;
    private readonly double _power;

    /// <summary>Creates the schedule and applies epoch 0.</summary>
    /// <param name="optimizer">The optimizer to schedule.</param>
    /// <param name="totalIters">Epochs T over which the rate decays (positive).</param>
    /// <param name="power">Exponent p.</param>
    /// <param name="lastEpoch">Last epoch when resuming, −1 to start.</param>
    public PolynomialLR(Optimizer optimizer, int totalIters = 5, double power = 1.0, int lastEpoch = -1) : base(optimizer, lastEpoch)
    {
        if (totalIters < 1) throw new ArgumentOutOfRangeException(nameof(totalIters), totalIters, "PolynomialLR: totalIters must be at least 1");
        _totalIters = totalIters;
        _power = power;
        InitialStep();
    }

    /// <inheritdoc/>
    protected override void ComputeLr(Span<double> lrs)
    {
        if (LastEpoch == 0 || LastEpoch > _totalIters)
        {
            for (int i = 0; i < lrs.Length; i++) lrs[i] = GroupLr(i);
            return;
        }
        double factor = Math.Pow((1.0 - (double)LastEpoch / _totalIters) / (1.0 - (double)(LastEpoch - 1) / _totalIters), _power);
        for (int i = 0; i < lrs.Length; i++) lrs[i] = GroupLr(i) * factor;
    }

    /// <inheritdoc/>
    protected override bool ClosedFormLr(Span<double> lrs)
    {
        double factor = Math.Pow(1.0 - (double)Math.Min(_totalIters, LastEpoch) / _totalIters, _power);
        for (int i = 0; i < lrs.Length; i++) lrs[i] = BaseLrs[i] * factor;
        return true;
    }
}
