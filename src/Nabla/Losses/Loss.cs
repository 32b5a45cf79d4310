namespace Nabla.Losses;

/// <summary>
/// A loss function comparing predictions with targets, PyTorch-style (<c>loss = criterion.Forward(output, target)</c>),
/// with a <see cref="Losses.Reduction"/> and optional per-sample weights (Keras's <c>sample_weight</c>).
/// Every loss is also available as a static function on this class (e.g. <see cref="CrossEntropy(Tensor, Tensor)"/>).
/// A subclass implements <see cref="Compute"/> (the loss under any reduction) and <see cref="Forward(Tensor, Tensor)"/>,
/// usually as <c>Compute(prediction, target, Reduction)</c>.
/// </summary>
public abstract partial class Loss
{
    /// <summary>Creates a loss with the given reduction; only losses that allow it accept <see cref="Reduction.BatchMean"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="reduction"/> is <see cref="Reduction.BatchMean"/> and the loss does not allow it.</exception>
    protected Loss(Reduction reduction, bool allowBatchMean = false)
    {
        CheckReduction(reduction, allowBatchMean, GetType().Name);
        Reduction = reduction;
    }

    /// <summary>How per-element losses are reduced.</summary>
    public Reduction Reduction { get; }

    /// <summary>The loss of <paramref name="prediction"/> against <paramref name="target"/>, reduced by <see cref="Reduction"/>.</summary>
    public abstract Tensor Forward(Tensor prediction, Tensor target);

    /// <summary>
    /// The loss with per-sample weights w of shape [N] (Keras's <c>sample_weight</c>). Each sample's loss lᵢ is the
    /// unreduced loss averaged over its non-batch elements (summed for <see cref="Reduction.BatchMean"/>, where the
    /// per-sample loss is the sample's total); then <see cref="Reduction.Mean"/> and
    /// <see cref="Reduction.BatchMean"/> give Σ wᵢ·lᵢ / N (Keras's "sum over batch size": zero weights still count in N),
    /// <see cref="Reduction.Sum"/> gives Σ wᵢ·lᵢ and <see cref="Reduction.None"/> the [N] vector wᵢ·lᵢ.
    /// A null <paramref name="sampleWeight"/> is the same as <see cref="Forward(Tensor, Tensor)"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sampleWeight"/> is not [N] for the batch size N.</exception>
    public Tensor Forward(Tensor prediction, Tensor target, Tensor? sampleWeight)
    {
        if (sampleWeight is null) return Forward(prediction, target);
        var perElement = Compute(prediction, target, Reduction.None);
        int n = perElement.Rank == 0 ? 1 : perElement.Shape[0];
        if (sampleWeight.Rank != 1 || sampleWeight.Shape[0] != n)
            throw new ArgumentException(
                $"{GetType().Name}: sampleWeight must be [{n}] (one weight per sample), got shape {ShapeMath.Format(sampleWeight.Shape)}");
        var perSample = perElement.Rank <= 1 ? perElement.Reshape(n) : ReduceSample(perElement);
        var weighted = perSample.Mul(sampleWeight);
        return Reduction switch
        {
            Reduction.None => weighted,
            Reduction.Sum => weighted.Sum(),
            _ => weighted.Sum().MulScalar(1f / n),
        };
    }

    /// <summary>The loss reduced by <paramref name="reduction"/>; <see cref="Reduction.None"/> must give the per-element losses.</summary>
    protected abstract Tensor Compute(Tensor prediction, Tensor target, Reduction reduction);

    private Tensor ReduceSample(Tensor perElement)
    {
        Span<int> dims = stackalloc int[perElement.Rank - 1];
        for (int d = 0; d < dims.Length; d++) dims[d] = d + 1;
        return Reduction == Reduction.BatchMean ? perElement.Sum(dims) : perElement.Mean(dims);
    }

    /// <summary>Reduces element-wise losses: mean, sum, sum / batch size, or as they are.</summary>
    internal static Tensor Reduce(Tensor perElement, Reduction reduction) => reduction switch
    {
        Reduction.None => perElement,
        Reduction.Sum => perElement.Sum(),
        Reduction.Mean => perElement.Mean(),
        _ => perElement.Sum().MulScalar(1f / (perElement.Rank == 0 ? 1 : perElement.Shape[0])),
    };

    internal static void CheckReduction(Reduction reduction, bool allowBatchMean, string name)
    {
        if (!Enum.IsDefined(reduction) || (reduction == Reduction.BatchMean && !allowBatchMean))
            throw new ArgumentException(
                $"{name}: reduction {reduction} is not supported; use None, Mean or Sum (BatchMean is for KL divergence only)");
    }

    /// <summary>Requires prediction and target of the same shape.</summary>
    internal static void CheckSameShape(string name, Tensor prediction, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        if (!prediction.Shape.SequenceEqual(target.Shape))
            throw new ArgumentException(
                $"{name}: prediction of shape {ShapeMath.Format(prediction.Shape)} and target of shape {ShapeMath.Format(target.Shape)} must have the same shape");
    }
}
