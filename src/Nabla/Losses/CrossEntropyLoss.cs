namespace Nabla.Losses;

/// <summary>
/// Cross-entropy of logits (PyTorch's <c>nn.CrossEntropyLoss</c>), computed as one fused log-softmax + NLL kernel.
/// Logits are [N, C, d₁, ...] (or [C]); targets are class indices [N, d₁, ...] (float whole numbers) or class
/// probabilities of the logits' shape. With log-probabilities log pᵢ = log_softmax(xᵢ), class weights w (default 1)
/// and label smoothing ε:
/// <list type="bullet">
/// <item>index targets: ℓᵢ = (1 − ε)·(−w_{yᵢ}·log pᵢ[yᵢ]) + (ε/C)·(−Σ_c w_c·log pᵢ[c]), 0 where yᵢ = ignoreIndex.
/// Mean = Σ ℓᵢ / Σ w_{yᵢ} over non-ignored positions (the count of them without class weights), exactly as PyTorch.</item>
/// <item>probability targets: ℓᵢ = −Σ_c w_c·t′_c·log pᵢ[c] with t′ = (1 − ε)·t + ε/C; Mean divides by the number of positions.</item>
/// </list>
/// Backward: dx = scale·(p·Σ_c q_c − q) with q the effective target weights (softmax minus the weighted one-hot).
/// Targets receive no gradient.
/// </summary>
public sealed class CrossEntropyLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="weight">Class weights [C], or null for equal weights.</param>
    /// <param name="ignoreIndex">A target index whose positions contribute neither loss nor gradient (PyTorch's default −100).</param>
    /// <param name="labelSmoothing">ε in [0, 1]: the target mixes (1 − ε) of the label with ε spread uniformly over the classes.</param>
    /// <param name="reduction">How the position losses are reduced.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="labelSmoothing"/> is outside [0, 1].</exception>
    public CrossEntropyLoss(Tensor? weight = null, int ignoreIndex = -100, float labelSmoothing = 0f, Reduction reduction = Reduction.Mean)
        : base(reduction)
    {
        CheckSmoothing(labelSmoothing);
        Weight = weight;
        IgnoreIndex = ignoreIndex;
        LabelSmoothing = labelSmoothing;
    }

    /// <summary>Class weights [C], or null.</summary>
    public Tensor? Weight { get; }

    /// <summary>The target index that is ignored.</summary>
    public int IgnoreIndex { get; }

    /// <summary>The label-smoothing amount ε.</summary>
    public float LabelSmoothing { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor prediction, Tensor target) => Compute(prediction, target, Reduction);

    /// <inheritdoc/>
    protected override Tensor Compute(Tensor prediction, Tensor target, Reduction reduction) =>
        CrossEntropy(prediction, target, Weight, IgnoreIndex, LabelSmoothing, reduction);

    internal static void CheckSmoothing(float labelSmoothing)
    {
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing,
                "CrossEntropyLoss: labelSmoothing must be in [0, 1]");
    }
}

public abstract partial class Loss
{
    /// <summary>Cross-entropy of logits against class indices or probabilities, mean-reduced (see <see cref="CrossEntropyLoss"/>).</summary>
    /// <exception cref="ArgumentException">The target does not fit the logits, or an index is not a class.</exception>
    public static Tensor CrossEntropy(Tensor logits, Tensor target) => CrossEntropy(logits, target, null);

    /// <summary>Cross-entropy of logits against class indices or probabilities (see <see cref="CrossEntropyLoss"/> for the formulas).</summary>
    /// <exception cref="ArgumentException">The target does not fit the logits, an index is not a class, or the weight is not [C].</exception>
    public static Tensor CrossEntropy(Tensor logits, Tensor target, Tensor? weight, int ignoreIndex = -100, float labelSmoothing = 0f,
                                      Reduction reduction = Reduction.Mean)
    {
        CheckReduction(reduction, false, "CrossEntropyLoss");
        CrossEntropyLoss.CheckSmoothing(labelSmoothing);
        var layout = ClassLayout.Of("CrossEntropyLoss", logits, target, allowProbabilities: true, ignoreIndex);
        layout.CheckWeight("CrossEntropyLoss", weight);
        return CrossEntropyFunction.Forward(logits, target, weight, ignoreIndex, labelSmoothing, reduction, layout);
    }
}
