namespace Nabla.Losses;

/// <summary>
/// Huber loss (PyTorch's <c>nn.HuberLoss</c>): with d = x − y, ℓ = 0.5·d² where |d| &lt; δ, else δ·(|d| − 0.5·δ).
/// Equals δ times the smooth L1 loss with β = δ. Reduced by <see cref="Loss.Reduction"/>.
/// </summary>
public sealed class HuberLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">How the element losses are reduced.</param>
    /// <param name="delta">Where the quadratic part turns linear (PyTorch's default 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not positive.</exception>
    public HuberLoss(Reduction reduction = Reduction.Mean, float delta = 1f) : base(reduction)
    {
        if (!(delta > 0)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "HuberLoss: delta must be positive");
        Delta = delta;
    }

    /// <summary>The threshold δ.</summary>
    public float Delta { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor prediction, Tensor target) => Compute(prediction, target, Reduction);

    /// <inheritdoc/>
    protected override Tensor Compute(Tensor prediction, Tensor target, Reduction reduction) => Huber(prediction, target, Delta, reduction);
}

public abstract partial class Loss
{
    /// <summary>Huber: ℓ = 0.5·d² where |d| &lt; δ, else δ·(|d| − 0.5·δ) (d = x − y).</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor Huber(Tensor prediction, Tensor target, float delta = 1f, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape("HuberLoss", prediction, target);
        CheckReduction(reduction, false, "HuberLoss");
        var d = prediction.Sub(target);
        var ad = d.Abs();
        var quadratic = d.Square().MulScalar(0.5f);
        var linear = ad.AddScalar(-0.5f * delta).MulScalar(delta);
        return Reduce(Tensor.Where(ad.Lt(Tensor.Scalar(delta)), quadratic, linear), reduction);
    }
}
