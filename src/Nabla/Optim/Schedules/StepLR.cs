namespace Nabla.Optim.Schedules;

/// <summary>
/// Multiplies the learning rate by γ every <c>stepSize</c> epochs, PyTorch's <c>StepLR</c>:
/// ηₜ = η₀·γ^⌊t / stepSize⌋.
/// </summary>
public sealed class StepLR : LrScheduler
{
    private readonly int _stepSize;
    private readonly double _gamma;

    /// <summary>Creates the schedule and applies epoch 0.</summary>
    /// <param name="optimizer">The optimizer to schedule.</param>
    /// <param name="stepSize">Epochs between decays (positive).</param>
    /// <param name="gamma">Decay factor γ.</param>
    /// <param name="lastEpoch">Last epoch when resuming, −1 to start.</param>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1, int lastEpoch = -1) : base(optimizer, lastEpoch)
    {
        if (stepSize < 1) throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "StepLR: stepSize must be at least 1");
        _stepSize = stepSize;
        _gamma = gamma;
        InitialStep();
    }

    /// <inheritdoc/>
    protected override void ComputeLr(Span<double> lrs)
    {
        bool decay = LastEpoch != 0 && LastEpoch % _stepSize == 0;
        for (int i = 0; i < lrs.Length; i++) lrs[i] = decay ? GroupLr(i) * _gamma : GroupLr(i);
    }

    /// <inheritdoc/>
    protected override bool ClosedFormLr(Span<double> lrs)
    {
        for (int i = 0; i < lrs.Length; i++) lrs[i] = BaseLrs[i] * Math.Pow(_gamma, Math.Floor((double)LastEpoch / _stepSize));
        return true;
    }
}
