namespace Nabla.Losses;

/// <summary>Mean squared error (PyTorch's <c>nn.MSELoss</c>): ℓᵢ = (xᵢ − yᵢ)², reduced by <see cref="Loss.Reduction"/> (default mean).</summary>
/// <param name="reduction">How the element losses are reduced.</param>
public sealed class MseLoss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor prediction, Tensor target) => Compute(prediction, target, Reduction);

    /// <inheritdoc/>
    protected override Tensor Compute(Tensor prediction, Tensor target, Reduction reduction) => Mse(prediction, target, reduction);
}

public abstract partial class Loss
{
    /// <summary>Mean squared error: ℓᵢ = (xᵢ − yᵢ)², reduced by <paramref name="reduction"/>.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor Mse(Tensor prediction, Tensor target, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape("MseLoss", prediction, target);
        CheckReduction(reduction, false, "MseLoss");
        return Reduce(prediction.Sub(target).Square(), reduction);
    }
}
