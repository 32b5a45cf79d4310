using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// The affine map of a Linear layer, y = x·Wᵀ + b, for x [..., in], W [out, in] and b [out] (or none), as one
    /// fused GEMM with the bias added in its epilogue. Backward: dx = g·W, dW = gᵀ·x, db = Σ over rows of g.
    /// </summary>
    public static unsafe Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        if (weight.Rank != 2)
            throw new ArgumentException($"linear: weight must be [out, in], got shape {ShapeMath.Format(weight.Shape)}");
        int outFeatures = weight.Shape[0], inFeatures = weight.Shape[1];
        if (input.Rank == 0 || input.Shape[^1] != inFeatures)
            throw new ArgumentException(
                $"linear: input of shape {ShapeMath.Format(input.Shape)} does not match weight of shape {ShapeMath.Format(weight.Shape)} (expected last dimension {inFeatures})");
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != outFeatures))
            throw new ArgumentException($"linear: bias must be [{outFeatures}], got shape {ShapeMath.Format(bias.Shape)}");

        var x = input.IsContiguous ? input : input.Detach().Contiguous();
        var w = weight.IsContiguous ? weight : weight.Detach().Contiguous();
        var b = bias is null || bias.IsContiguous ? bias : bias.Detach().Contiguous();
        int rows = input.Numel / Math.Max(inFeatures, 1);
        Span<int> shape = stackalloc int[input.Rank];
        input.Shape.CopyTo(shape);
        shape[^1] = outFeatures;
        var result = Allocate(shape);
        Gemm.SgemmBiasAct(false, true, rows, outFeatures, inFeatures, 1f, x.Pointer, Math.Max(inFeatures, 1),
                          w.Pointer, Math.Max(inFeatures, 1), 0f, result.Pointer, Math.Max(outFeatures, 1),
                          b is null ? null : b.Pointer, GemmActivation.None);
        if (Autograd.IsEnabled && (input.RequiresGrad || weight.RequiresGrad || (bias?.RequiresGrad ?? false)))
            result.SetGradFn(bias is null ? new LinearNode(input, weight) : new LinearNode(input, weight, bias));
        return result;
    }

    private sealed class LinearNode : Node
    {
        public LinearNode(Tensor input, Tensor weight) : base("linear", input, weight) { }

        public LinearNode(Tensor input, Tensor weight, Tensor bias) : base("linear", [input, weight, bias]) { }

        protected internal override unsafe void Backward(Tensor g, Span<Tensor?> grads)
        {
            var input = Input(0);
            var weight = Input(1);
            int outFeatures = weight.Shape[0], inFeatures = weight.Shape[1];
            int rows = input.Numel / Math.Max(inFeatures, 1);
            var gc = g.Contiguous();
            if (NeedsGrad(0))
            {
                var w = weight.Contiguous();
                var dx = Allocate(input.Shape);
                Gemm.Sgemm(false, false, rows, inFeatures, outFeatures, 1f, gc.Pointer, Math.Max(outFeatures, 1),
                           w.Pointer, Math.Max(inFeatures, 1), 0f, dx.Pointer, Math.Max(inFeatures, 1));
                grads[0] = dx;
            }
            if (NeedsGrad(1))
            {
                var x = input.Contiguous();
                var dw = Allocate(weight.Shape);
                Gemm.Sgemm(true, false, outFeatures, inFeatures, rows, 1f, gc.Pointer, Math.Max(outFeatures, 1),
                           x.Pointer, Math.Max(inFeatures, 1), 0f, dw.Pointer, Math.Max(inFeatures, 1));
                grads[1] = dw;
            }
            if (InputCount == 3 && NeedsGrad(2))
                grads[2] = SumTo(gc.Reshape(rows, outFeatures), Input(2).Shape);
        }
    }
}
