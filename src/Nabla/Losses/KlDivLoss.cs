namespace Nabla.Losses;

/// <summary>
/// Kullback–Leibler divergence (PyTorch's <c>nn.KLDivLoss</c>) of the target distribution y from the prediction,
/// given as log-probabilities x: ℓᵢ = yᵢ·(log yᵢ − xᵢ) (0 where yᵢ = 0), or with <c>logTarget</c> (y given as log y)
/// ℓᵢ = e^{yᵢ}·(yᵢ − xᵢ). Use <see cref="Reduction.BatchMean"/> (Σℓ / N) for the true KL divergence; Mean averages over
/// every element, as in PyTorch. The target receives no gradient; dℓ/dx = −y (or −e^y).
/// </summary>
public sealed class KlDivLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">How the element losses are reduced (BatchMean allowed).</param>
    /// <param name="logTarget">The target holds log-probabilities.</param>
    public KlDivLoss(Reduction reduction = Reduction.Mean, bool logTarget = false) : base(reduction, allowBatchMean: true) => LogTarget = logTarget;

    /// <summary>Whether the target holds log-probabilities.</summary>
    public bool LogTarget { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor prediction, Tensor target) => Compute(prediction, target, Reduction);

    /// <inheritdoc/>
    protected override Tensor Compute(Tensor prediction, Tensor target, Reduction reduction) => KlDiv(prediction, target, reduction, LogTarget);
}

public abstract partial class Loss
{
    /// <summary>KL divergence of the target from log-probabilities (see <see cref="KlDivLoss"/>).</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static Tensor KlDiv(Tensor logProbabilities, Tensor target, Reduction reduction = Reduction.Mean, bool logTarget = false)
    {
        CheckSameShape("KlDivLoss", logProbabilities, target);
        CheckReduction(reduction, true, "KlDivLoss");
        Tensor constant, slope;
        using (Autograd.NoGrad())
        {
            var y = target.Detach();
            if (logTarget)
            {
                slope = y.Exp();
                constant = slope.Mul(y);
            }
            else
            {
                slope = y;
                var positive = y.Gt(Tensor.Scalar(0f));
                constant = Tensor.Where(positive, y.Mul(Tensor.Where(positive, y, Tensor.Scalar(1f)).Log()), Tensor.Scalar(0f));
            }
        }
        return Reduce(constant.Sub(slope.Mul(logProbabilities)), reduction);
    }
}
