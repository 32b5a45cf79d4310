namespace Nabla.Losses;

/// <summary>Mean absolute error (PyTorch's <c>nn.L1Loss</c>): ℓᵢ = |xᵢ − yᵢ| (gradient 0 where equal), reduced by <see cref="Loss.Reduction"/>.</summary>
/// <param name="reduction">How the element losses are reduced.</param>
public sealed class L1Loss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor prediction, Tensor target) => Compute(prediction, target, Reduction);

    /// <inheritdoc/>
    protected override Tensor Compute(Tensor prediction, Tensor target, Reduction reduction) => L1(prediction, target, reduction);
}

public abstract partial class Loss
{
    /// <summary>Mean absolute error: ℓᵢ = |xᵢ − yᵢ|, reduced by <paramref name="reduction"/>.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor L1(Tensor prediction, Tensor target, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape("L1Loss", prediction, target);
        CheckReduction(reduction, false, "L1Loss");
        return Reduce(prediction.Sub(target).Abs(), reduction);
    }
}
