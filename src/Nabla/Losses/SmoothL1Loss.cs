namespace Nabla.Losses;

/// <summary>
/// Smooth L1 loss (PyTorch's <c>nn.SmoothL1Loss</c>): with d = x − y, ℓ = 0.5·d²/β where |d| &lt; β, else |d| − 0.5·β;
/// β = 0 is the L1 loss. Reduced by <see cref="Loss.Reduction"/>.
/// </summary>
public sealed class SmoothL1Loss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">How the element losses are reduced.</param>
    /// <param name="beta">Where the quadratic part turns linear (PyTorch's default 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beta"/> is negative.</exception>
    public SmoothL1Loss(Reduction reduction = Reduction.Mean, float beta = 1f) : base(reduction)
    {
        if (!(beta >= 0)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "SmoothL1Loss: beta must be non-negative");
        Beta = beta;
    }

    /// <summary>The threshold β.</summary>
    public float Beta { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor prediction, Tensor target) => Compute(prediction, target, Reduction);

    /// <inheritdoc/>
    protected override Tensor Compute(Tensor prediction, Tensor target, Reduction reduction) => SmoothL1(prediction, target, Beta, reduction);
}

public abstract partial class Loss
{
    /// <summary>Smooth L1: ℓ = 0.5·d²/β where |d| &lt; β, else |d| − 0.5·β (d = x − y).</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor SmoothL1(Tensor prediction, Tensor target, float beta = 1f, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape("SmoothL1Loss", prediction, target);
        CheckReduction(reduction, false, "SmoothL1Loss");
        var d = prediction.Sub(target);
        var ad = d.Abs();
        if (beta == 0f) return Reduce(ad, reduction);
        var quadratic = d.Square().MulScalar(0.5f / beta);
        var linear = ad.AddScalar(-0.5f * beta);
        return Reduce(Tensor.Where(ad.Lt(Tensor.Scalar(beta)), quadratic, linear), reduction);
    }
}
