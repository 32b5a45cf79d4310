namespace Nabla.Optim.Schedules;

/// <summary>
/// Multiplies the learning rate by γ at each milestone epoch, PyTorch's <c>MultiStepLR</c>:
/// ηₜ = η₀·γ^(number of milestones ≤ t); a milestone listed k times decays by γᵏ.
/// </summary>
public sealed class MultiStepLR : LrScheduler
{
    private readonly int[] _milestones;
    private readonly double _gamma;

    /// <summary>Creates the schedule and applies epoch 0.</summary>
    /// <param name="optimizer">The optimizer to schedule.</param>
    /// <param name="milestones">Epochs at which to decay (any order; repeats count).</param>
    /// <param name="gamma">Decay factor γ.</param>
    /// <param name="lastEpoch">Last epoch when resuming, −1 to start.</param>
    public MultiStepLR(Optimizer optimizer, IEnumerable<int> milestones, double gamma = 0.1, int lastEpoch = -1) : base(optimizer, lastEpoch)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        _milestones = [.. milestones];
        Array.Sort(_milestones);
        _gamma = gamma;
        InitialStep();
    }

    /// <inheritdoc/>
    protected override void ComputeLr(Span<double> lrs)
    {
        int count = 0;
        foreach (int m in _milestones) if (m == LastEpoch) count++;
        for (int i = 0; i < lrs.Length; i++) lrs[i] = count == 0 ? GroupLr(i) : GroupLr(i) * Math.Pow(_gamma, count);
    }

    /// <inheritdoc/>
    protected override bool ClosedFormLr(Span<double> lrs)
    {
        int passed = 0;
        foreach (int m in _milestones) if (m <= LastEpoch) passed++;
        for (int i = 0; i < lrs.Length; i++) lrs[i] = BaseLrs[i] * Math.Pow(_gamma, passed);
        return true;
    }
}
