using Nabla.Kernels;

namespace Nabla.Losses;

/// <summary>
/// Negative log-likelihood (PyTorch's <c>nn.NLLLoss</c>) of log-probabilities x [N, C, d₁, ...] (or [C]) against class
/// indices y [N, d₁, ...]: ℓᵢ = −w_{yᵢ}·xᵢ[yᵢ], 0 where yᵢ = ignoreIndex. Mean = Σ ℓᵢ / Σ w_{yᵢ} over non-ignored
/// positions (the weighted mean). Pair with <see cref="Tensor.LogSoftmax"/>; <see cref="CrossEntropyLoss"/> fuses both.
/// </summary>
public sealed class NllLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="weight">Class weights [C], or null for equal weights.</param>
    /// <param name="ignoreIndex">A target index whose positions contribute neither loss nor gradient.</param>
    /// <param name="reduction">How the position losses are reduced.</param>
    public NllLoss(Tensor? weight = null, int ignoreIndex = -100, Reduction reduction = Reduction.Mean) : base(reduction)
    {
        Weight = weight;
        IgnoreIndex = ignoreIndex;
    }

    /// <summary>Class weights [C], or null.</summary>
    public Tensor? Weight { get; }

    /// <summary>The target index that is ignored.</summary>
    public int IgnoreIndex { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor prediction, Tensor target) => Compute(prediction, target, Reduction);

    /// <inheritdoc/>
    protected override Tensor Compute(Tensor prediction, Tensor target, Reduction reduction) =>
        Nll(prediction, target, Weight, IgnoreIndex, reduction);
}

public abstract partial class Loss
{
    /// <summary>Negative log-likelihood of log-probabilities against class indices (see <see cref="NllLoss"/>).</summary>
    /// <exception cref="ArgumentException">The target does not fit the input, an index is not a class, or the weight is not [C].</exception>
    public static unsafe Tensor Nll(Tensor logProbabilities, Tensor target, Tensor? weight = null, int ignoreIndex = -100,
                                    Reduction reduction = Reduction.Mean)
    {
        CheckReduction(reduction, false, "NllLoss");
        var layout = ClassLayout.Of("NllLoss", logProbabilities, target, allowProbabilities: false, ignoreIndex);
        layout.CheckWeight("NllLoss", weight);
        var x = logProbabilities.IsContiguous ? logProbabilities.Detach() : logProbabilities.Detach().Contiguous();
        var t = target.IsContiguous ? target.Detach() : target.Detach().Contiguous();
        var w = weight is null ? null : weight.IsContiguous ? weight.Detach() : weight.Detach().Contiguous();
        float* wp = w is null ? null : w.Pointer;
        int positions = layout.Positions;
        var loss = Tensor.Allocate(CrossEntropyFunction.PositionShape(logProbabilities));
        CrossEntropyKernel.NllForward(x.Pointer, layout.Outer, layout.Classes, layout.Inner, t.Pointer, wp, ignoreIndex, loss.Pointer);
        double scale = 1;
        if (reduction == Reduction.Mean)
        {
            double total = 0;
            for (int i = 0; i < positions; i++)
            {
                int y = (int)t.Pointer[i];
                if (y != ignoreIndex) total += wp is null ? 1f : wp[y];
            }
            scale = 1 / total;
        }
        Tensor result;
        if (reduction == Reduction.None)
        {
            result = loss;
        }
        else
        {
            double sum = 0;
            for (int i = 0; i < positions; i++) sum += loss.Pointer[i];
            result = Tensor.Scalar((float)(sum * scale));
        }
        if (logProbabilities.RequiresGrad && Autograd.IsEnabled)
            result.SetGradFn(new NllNode(logProbabilities, t, w, ignoreIndex, layout, (float)scale));
        return result;
    }

    private sealed class NllNode(Tensor input, Tensor target, Tensor? weight, int ignoreIndex, ClassLayout layout, float scale)
        : Node("nll_loss", input)
    {
        private Tensor? _target = target, _weight = weight;

        protected internal override unsafe void Backward(Tensor grad, Span<Tensor?> grads)
        {
            int positions = layout.Positions;
            var g = grad.Contiguous();
            var a = Tensor.Allocate([positions]);
            for (int i = 0; i < positions; i++) a.Pointer[i] = (g.Numel == 1 ? g.Pointer[0] : g.Pointer[i]) * scale;
            var dx = Tensor.Zeros(Input(0).Shape);
            CrossEntropyKernel.NllBackward(layout.Outer, layout.Classes, layout.Inner, _target!.Pointer,
                                           _weight is null ? null : _weight.Pointer, ignoreIndex, a.Pointer, dx.Pointer);
            grads[0] = dx;
        }

        protected override void ReleaseSaved()
        {
            _target = null;
            _weight = null;
        }
    }
}
