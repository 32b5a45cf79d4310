using Nabla.Kernels;

namespace Nabla.Losses;

/// <summary>The fused cross-entropy op behind <see cref="Loss.CrossEntropy(Tensor, Tensor)"/>: forward, reduction and its autograd node.</summary>
internal static unsafe class CrossEntropyFunction
{
    public static Tensor Forward(Tensor logits, Tensor target, Tensor? weight, int ignoreIndex, float smoothing, Reduction reduction,
                                 ClassLayout layout)
    {
        var z = logits.IsContiguous ? logits.Detach() : logits.Detach().Contiguous();
        var t = target.IsContiguous ? target.Detach() : target.Detach().Contiguous();
        var w = weight is null ? null : weight.IsContiguous ? weight.Detach() : weight.Detach().Contiguous();
        float* wp = w is null ? null : w.Pointer;
        int positions = layout.Positions, c = layout.Classes;
        var lse = Tensor.Allocate([positions]);
        var loss = Tensor.Allocate([2, positions]); // rows: nll (or the whole loss for probabilities), smoothing term
        float* nll = loss.Pointer, smooth = nll + positions;
        double nllScale, smoothScale;
        if (layout.Probabilities)
        {
            CrossEntropyKernel.ForwardProb(z.Pointer, t.Pointer, layout.Outer, c, layout.Inner, wp, smoothing, nll, lse.Pointer);
            nllScale = reduction == Reduction.Mean ? 1.0 / positions : 1.0;
            smoothScale = 0;
        }
        else
        {
            CrossEntropyKernel.ForwardIndex(z.Pointer, layout.Outer, c, layout.Inner, t.Pointer, wp, ignoreIndex,
                                            nll, smoothing > 0 ? smooth : null, lse.Pointer);
            double weightTotal = 0;
            for (int i = 0; i < positions; i++)
            {
                int y = (int)t.Pointer[i];
                if (y != ignoreIndex) weightTotal += wp is null ? 1f : wp[y];
            }
            nllScale = (1 - (double)smoothing) * (reduction == Reduction.Mean ? 1 / weightTotal : 1);
            smoothScale = smoothing / (double)c * (reduction == Reduction.Mean ? 1 / weightTotal : 1);
        }

        Tensor result;
        if (reduction == Reduction.None)
        {
            result = Tensor.Allocate(PositionShape(logits));
            float* r = result.Pointer;
            for (int i = 0; i < positions; i++)
                r[i] = layout.Probabilities || smoothing == 0 ? (float)(nllScale * nll[i]) : (float)(nllScale * nll[i] + smoothScale * smooth[i]);
        }
        else
        {
            double total = 0;
            for (int i = 0; i < positions; i++) total += nllScale * nll[i] + (smoothScale == 0 ? 0 : smoothScale * smooth[i]);
            result = Tensor.Scalar((float)total);
        }
        if (logits.RequiresGrad && Autograd.IsEnabled)
            result.SetGradFn(new CrossEntropyNode(logits, z, t, w, lse, ignoreIndex, smoothing, layout, (float)nllScale, (float)smoothScale));
        return result;
    }

    /// <summary>The logits' shape without the class dimension 1 (a 0-d shape for [C] logits).</summary>
    public static int[] PositionShape(Tensor input)
    {
        if (input.Rank == 1) return [];
        var shape = new int[input.Rank - 1];
        shape[0] = input.Shape[0];
        for (int d = 2; d < input.Rank; d++) shape[d - 1] = input.Shape[d];
        return shape;
    }

    private sealed class CrossEntropyNode(Tensor logits, Tensor z, Tensor target, Tensor? weight, Tensor lse, int ignoreIndex,
                                          float smoothing, ClassLayout layout, float nllScale, float smoothScale)
        : Node("cross_entropy", logits)
    {
        private Tensor? _z = z, _target = target, _weight = weight, _lse = lse;

        protected internal override void Backward(Tensor grad, Span<Tensor?> grads)
        {
            int positions = layout.Positions;
            var g = grad.Contiguous();
            var coef = Tensor.Allocate([2, positions]);
            float* a = coef.Pointer, b = a + positions, gp = g.Pointer;
            for (int i = 0; i < positions; i++)
            {
                float gi = g.Numel == 1 ? gp[0] : gp[i];
                a[i] = gi * nllScale;
                b[i] = gi * smoothScale;
            }
            var dz = Tensor.Allocate(Input(0).Shape);
            float* wp = _weight is null ? null : _weight.Pointer;
            if (layout.Probabilities)
                CrossEntropyKernel.BackwardProb(_z!.Pointer, _target!.Pointer, layout.Outer, layout.Classes, layout.Inner, wp, smoothing,
                                                _lse!.Pointer, a, dz.Pointer);
            else
                CrossEntropyKernel.BackwardIndex(_z!.Pointer, layout.Outer, layout.Classes, layout.Inner, _target!.Pointer, wp, ignoreIndex,
                                                 _lse!.Pointer, a, b, dz.Pointer);
            grads[0] = dz;
        }

        protected override void ReleaseSaved()
        {
            _z = null;
            _target = null;
            _weight = null;
            _lse = null;
        }
    }
}
