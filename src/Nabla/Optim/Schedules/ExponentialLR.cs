namespace Nabla.Optim.Schedules;

/// <summary>Multiplies the learning rate by γ every epoch, PyTorch's <c>ExponentialLR</c>: ηₜ = η₀·γᵗ.</summary>
public sealed class ExponentialLR : LrScheduler
{
    private readonly double _gamma;

    /// <summary>Creates the schedule and applies epoch 0.</summary>
    /// <param name="optimizer">The optimizer to schedule.</param>
    /// <param name="gamma">Decay factor γ per epoch.</param>
    /// <param name="lastEpoch">Last epoch when resuming, −1 to start.</param>
    public ExponentialLR(Optimizer optimizer, double gamma, int lastEpoch = -1) : base(optimizer, lastEpoch)
    {
        _gamma = gamma;
        InitialStep();
    }

    /// <inheritdoc/>
    protected override void ComputeLr(Span<double> lrs)
    {
        for (int i = 0; i < lrs.Length; i++) lrs[i] = LastEpoch == 0 ? GroupLr(i) : GroupLr(i) * _gamma;
    }

    /// <inheritdoc/>
    protected override bool ClosedFormLr(Span<double> lrs)
    {
        for (int i = 0; i < lrs.Length; i++) lrs[i] = BaseLrs[i] * Math.Pow(_gamma, LastEpoch);
        return true;
    }
}
