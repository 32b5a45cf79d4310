using Nabla.Kernels;

namespace Nabla.Losses;

/// <summary>
/// Binary cross-entropy of probabilities (PyTorch's <c>nn.BCELoss</c>): ℓᵢ = −wᵢ·(yᵢ·log xᵢ + (1 − yᵢ)·log(1 − xᵢ)) with
/// each logarithm clamped at −100 as in PyTorch, so x = 0 or 1 gives a finite loss. Gradient
/// wᵢ·(xᵢ − yᵢ)/max(xᵢ(1 − xᵢ), 1e-12). Prefer <see cref="BceWithLogitsLoss"/> on raw scores (more stable).
/// The target and weight receive no gradient.
/// </summary>
public sealed class BceLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="weight">Element weights broadcast to the input's shape, or null.</param>
    /// <param name="reduction">How the element losses are reduced.</param>
    public BceLoss(Tensor? weight = null, Reduction reduction = Reduction.Mean) : base(reduction) => Weight = weight;

    /// <summary>Element weights, or null.</summary>
    public Tensor? Weight { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor prediction, Tensor target) => Compute(prediction, target, Reduction);

    /// <inheritdoc/>
    protected override Tensor Compute(Tensor prediction, Tensor target, Reduction reduction) => Bce(prediction, target, Weight, reduction);
}

public abstract partial class Loss
{
    /// <summary>Binary cross-entropy of probabilities in [0, 1] (see <see cref="BceLoss"/>).</summary>
    /// <exception cref="ArgumentException">The shapes differ, the weight does not broadcast, or a probability is outside [0, 1].</exception>
    public static unsafe Tensor Bce(Tensor probabilities, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean)
    {
        CheckSameShape("BceLoss", probabilities, target);
        CheckReduction(reduction, false, "BceLoss");
        var p = Constant(probabilities);
        var span = p.ContiguousSpan();
        for (int i = 0; i < span.Length; i++)
            if (!(span[i] >= 0f && span[i] <= 1f))
                throw new ArgumentException($"BceLoss: every input must be a probability in [0, 1], got {span[i]} at element {i}; use BceWithLogitsLoss on raw scores");
        var t = Constant(target);
        var w = BroadcastConstant("BceLoss", "weight", weight, probabilities);
        var loss = Tensor.Allocate(probabilities.Shape);
        BinaryCrossEntropyKernel.Forward(p.Pointer, t.Pointer, w is null ? null : w.Pointer, loss.Pointer, loss.Numel);
        if (probabilities.RequiresGrad && Autograd.IsEnabled) loss.SetGradFn(new BceNode(probabilities, p, t, w, null, logits: false));
        return Reduce(loss, reduction);
    }

    /// <summary>A contiguous, gradient-free view or copy of <paramref name="t"/>.</summary>
    internal static Tensor Constant(Tensor t) => t.IsContiguous ? t.Detach() : t.Detach().Contiguous();

    /// <summary>An optional tensor broadcast to <paramref name="like"/>'s shape as a contiguous constant, or null.</summary>
    internal static Tensor? BroadcastConstant(string name, string what, Tensor? t, Tensor like)
    {
        if (t is null) return null;
        try
        {
            return t.Detach().Expand(like.Shape).Contiguous();
        }
        catch (ArgumentException)
        {
            throw new ArgumentException(
                $"{name}: {what} of shape {ShapeMath.Format(t.Shape)} cannot be broadcast to the input's shape {ShapeMath.Format(like.Shape)}");
        }
    }

    private sealed class BceNode(Tensor input, Tensor x, Tensor target, Tensor? weight, Tensor? posWeight, bool logits)
        : Node(logits ? "binary_cross_entropy_with_logits" : "binary_cross_entropy", input)
    {
        private Tensor? _x = x, _target = target, _weight = weight, _posWeight = posWeight;

        protected internal override unsafe void Backward(Tensor grad, Span<Tensor?> grads)
        {
            var g = grad.Contiguous();
            var dx = Tensor.Allocate(_x!.Shape);
            float* w = _weight is null ? null : _weight.Pointer;
            int stride = g.Numel == 1 && dx.Numel != 1 ? 0 : 1;
            if (logits)
                BinaryCrossEntropyKernel.BackwardLogits(_x.Pointer, _target!.Pointer, w, _posWeight is null ? null : _posWeight.Pointer,
                                                        g.Pointer, stride, dx.Pointer, dx.Numel);
            else
                BinaryCrossEntropyKernel.Backward(_x.Pointer, _target!.Pointer, w, g.Pointer, stride, dx.Pointer, dx.Numel);
            grads[0] = dx;
        }

        protected override void ReleaseSaved()
        {
            _x = null;
            _target = null;
            _weight = null;
            _posWeight = null;
        }
    }
}
