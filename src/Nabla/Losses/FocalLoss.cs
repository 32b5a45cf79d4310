namespace Nabla.Losses;

/// <summary>
/// Sigmoid focal loss for dense binary or multi-label detection (Lin et al. 2017), in the form of
/// <c>torchvision.ops.sigmoid_focal_loss</c>: with p = σ(x), p_t = p·y + (1 − p)(1 − y) and
/// ce = BCE-with-logits(x, y), ℓ = α_t·(1 − p_t)^γ·ce where α_t = α·y + (1 − α)(1 − y) (no α weighting when α &lt; 0).
/// Defaults α = 0.25, γ = 2 as in torchvision; unlike torchvision's function, whose default reduction is "none",
/// this class defaults to <see cref="Reduction.Mean"/> like every other loss here. Targets are 0/1 (or soft) of the
/// logits' shape and receive no gradient.
/// </summary>
public sealed class FocalLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="alpha">Weight of the positive class in [0, 1], or negative for none.</param>
    /// <param name="gamma">Focusing exponent γ ≥ 0 (0 gives α-weighted BCE).</param>
    /// <param name="reduction">How the element losses are reduced.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is above 1 or <paramref name="gamma"/> is negative.</exception>
    public FocalLoss(float alpha = 0.25f, float gamma = 2f, Reduction reduction = Reduction.Mean) : base(reduction)
    {
        CheckFocal(alpha, gamma);
        Alpha = alpha;
        Gamma = gamma;
    }

    /// <summary>The positive-class weight α.</summary>
    public float Alpha { get; }

    /// <summary>The focusing exponent γ.</summary>
    public float Gamma { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor prediction, Tensor target) => Compute(prediction, target, Reduction);

    /// <inheritdoc/>
    protected override Tensor Compute(Tensor prediction, Tensor target, Reduction reduction) => Focal(prediction, target, Alpha, Gamma, reduction);

    internal static void CheckFocal(float alpha, float gamma)
    {
        if (!(alpha <= 1f)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "FocalLoss: alpha must be at most 1 (negative disables it)");
        if (!(gamma >= 0f)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "FocalLoss: gamma must be non-negative");
    }
}

public abstract partial class Loss
{
    /// <summary>Sigmoid focal loss on logits (see <see cref="FocalLoss"/>).</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor Focal(Tensor logits, Tensor target, float alpha = 0.25f, float gamma = 2f, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape("FocalLoss", logits, target);
        CheckReduction(reduction, false, "FocalLoss");
        FocalLoss.CheckFocal(alpha, gamma);
        var y = target.Detach();
        var p = logits.Sigmoid();
        var ce = BceWithLogits(logits, y, reduction: Reduction.None);
        var notY = y.Neg().AddScalar(1f);
        var pt = p.Mul(y).Add(p.Neg().AddScalar(1f).Mul(notY));
        var loss = gamma == 0f ? ce : ce.Mul(pt.Neg().AddScalar(1f).Pow(gamma));
        if (alpha >= 0f) loss = loss.Mul(y.MulScalar(alpha).Add(notY.MulScalar(1f - alpha)));
        return Reduce(loss, reduction);
    }
}
