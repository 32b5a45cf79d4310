using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// The affine map of a Linear layer, y = x·Wᵀ + b, for x [..., in], W [out, in] and b [out] (or none), as one
    /// fused GEMM with the bias added in its epilogue. Backward: dx = g·W, dW = gᵀ·x, db = Σ over rows of g.
    /// </summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null) => LinearCore(input, weight, bias, relu: false);

    /// <summary>
    /// ReLU(x·Wᵀ + b) as one GEMM with bias and ReLU fused into its store (one pass over the output instead of
    /// three). Backward masks the incoming gradient with y &gt; 0, then proceeds as <see cref="Linear"/>.
    /// <see cref="Nn.Sequential"/> uses it for a Linear layer followed by ReLU.
    /// </summary>
    public static Tensor LinearRelu(Tensor input, Tensor weight, Tensor? bias = null) => LinearCore(input, weight, bias, relu: true);

    private static unsafe Tensor LinearCore(Tensor input, Tensor weight, Tensor? bias, bool relu)
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
                          b is null ? null : b.Pointer, relu ? GemmActivation.Relu : GemmActivation.None);
        if (Autograd.IsEnabled && (input.RequiresGrad || weight.RequiresGrad || (bias?.RequiresGrad ?? false)))
            result.SetGradFn(bias is null ? new LinearNode(input, weight, relu ? result : null)
                                          : new LinearNode(input, weight, bias, relu ? result : null));
        return result;
    }

    private sealed class LinearNode : Node
    {
        private Tensor? _reluOutput;

        public LinearNode(Tensor input, Tensor weight, Tensor? reluOutput) : base(reluOutput is null ? "linear" : "linear_relu", input, weight) =>
            _reluOutput = reluOutput;

        public LinearNode(Tensor input, Tensor weight, Tensor bias, Tensor? reluOutput)
            : base(reluOutput is null ? "linear" : "linear_relu", [input, weight, bias]) => _reluOutput = reluOutput;

        protected override void ReleaseSaved() => _reluOutput = null;

        protected internal override unsafe void Backward(Tensor g, Span<Tensor?> grads)
        {
            var input = Input(0);
            var weight = Input(1);
            int outFeatures = weight.Shape[0], inFeatures = weight.Shape[1];
            int rows = input.Numel / Math.Max(inFeatures, 1);
            var gc = g.Contiguous();
            if (_reluOutput is not null)
            {
                var masked = Allocate(g.Shape);
                ReluMask(gc, _reluOutput, masked);
                gc = masked;
            }
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

    private static unsafe void ReluMask(Tensor g, Tensor output, Tensor result)
    {
        var y = output.Contiguous();
        Kernels.Elementwise.UnaryGrad(UnaryKind.Relu, 0f, 0f, g.Shape, result.Pointer, result.Strides, g.Pointer, g.Strides, y.Pointer, y.Strides);
    }
}
