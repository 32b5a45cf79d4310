namespace Nabla.Optim.Schedules;

/// <summary>
/// Sets the learning rate to the initial one times a user function of the epoch, PyTorch's <c>LambdaLR</c>:
/// ηₜ = η₀·f(t), with one function for all groups or one per group.
/// </summary>
public sealed class LambdaLR : LrScheduler
{
    private readonly Func<int, double>[] _lambdas;

    /// <summary>Creates the schedule with one factor function for every group and applies epoch 0.</summary>
    /// <param name="optimizer">The optimizer to schedule.</param>
    /// <param name="lrLambda">Factor f(t) applied to each group's initial learning rate.</param>
    /// <param name="lastEpoch">Last epoch when resuming, −1 to start.</param>
    public LambdaLR(Optimizer optimizer, Func<int, double> lrLambda, int lastEpoch = -1)
        : this(optimizer, Repeat(optimizer, lrLambda), lastEpoch)
    {
    }

    /// <summary>Creates the schedule with one factor function per group and applies epoch 0.</summary>
    /// <exception cref="ArgumentException">The number of functions differs from the number of groups.</exception>
    public LambdaLR(Optimizer optimizer, IReadOnlyList<Func<int, double>> lrLambdas, int lastEpoch = -1) : base(optimizer, lastEpoch)
    {
        ArgumentNullException.ThrowIfNull(lrLambdas);
        if (lrLambdas.Count != optimizer.ParamGroups.Count)
            throw new ArgumentException($"LambdaLR: expected {optimizer.ParamGroups.Count} functions (one per parameter group), got {lrLambdas.Count}");
        _lambdas = [.. lrLambdas];
        InitialStep();
    }

    private static Func<int, double>[] Repeat(Optimizer optimizer, Func<int, double> f)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(f);
        var all = new Func<int, double>[optimizer.ParamGroups.Count];
        Array.Fill(all, f);
        return all;
    }

    /// <inheritdoc/>
    protected override void ComputeLr(Span<double> lrs)
    {
        for (int i = 0; i < lrs.Length; i++) lrs[i] = BaseLrs[i] * _lambdas[i](LastEpoch);
    }
}
