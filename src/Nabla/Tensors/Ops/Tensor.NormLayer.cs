using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// Layer normalization over the trailing dimensions <paramref name="normalizedShape"/> (PyTorch's
    /// <c>F.layer_norm</c>): each slice of D = ∏ normalizedShape values becomes y = (x − μ)/√(σ² + eps)·γ + β with the
    /// slice's mean μ and biased variance σ², and γ, β of shape <paramref name="normalizedShape"/> (element-wise).
    /// Fused forward and backward: dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = g·γ; dγ = Σ g·x̂, dβ = Σ g over the rows.
    /// </summary>
    /// <exception cref="ArgumentException">The trailing dimensions of the input, or the weight or bias shape, differ from <paramref name="normalizedShape"/>.</exception>
    public static Tensor LayerNorm(Tensor input, ReadOnlySpan<int> normalizedShape, Tensor? weight = null, Tensor? bias = null, float eps = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(input);
        int k = normalizedShape.Length;
        bool fits = k > 0 && k <= input.Rank && input.Shape[(input.Rank - k)..].SequenceEqual(normalizedShape);
        if (!fits)
            throw new ArgumentException(
                $"layer_norm: normalizedShape {ShapeMath.Format(normalizedShape)} must be non-empty and equal the trailing dimensions of input {ShapeMath.Format(input.Shape)}");
        CheckAffineShape(weight, "weight", normalizedShape);
        CheckAffineShape(bias, "bias", normalizedShape);
        int d = ShapeMath.Numel(normalizedShape);
        int rows = d == 0 ? 0 : input.Numel / d;
        var w = weight is null || weight.IsContiguous ? weight : weight.Detach().Contiguous();
        var b = bias is null || bias.IsContiguous ? bias : bias.Detach().Contiguous();
        return RowNorm("layer_norm", input, rows, d, eps, weight, bias, w, b, period: 1, spread: 1);
    }

    private static void CheckAffineShape(Tensor? t, string name, ReadOnlySpan<int> normalizedShape)
    {
        if (t is not null && !t.Shape.SequenceEqual(normalizedShape))
            throw new ArgumentException(
                $"layer_norm: {name} must have shape {ShapeMath.Format(normalizedShape)} (the normalized shape), got {ShapeMath.Format(t.Shape)}");
    }

    /// <summary>
    /// The shared forward of layer and group norm: normalizes <paramref name="rows"/> rows of <paramref name="d"/>
    /// values; row r takes its affine row r mod <paramref name="period"/> from the [period, d] tensors
    /// <paramref name="rowWeight"/>/<paramref name="rowBias"/> (contiguous). <paramref name="spread"/> is how many
    /// consecutive affine elements share one element of the user's <paramref name="weight"/>/<paramref name="bias"/>
    /// (group norm's spatial size), so their gradients are summed back.
    /// </summary>
    private static unsafe Tensor RowNorm(string name, Tensor input, int rows, int d, float eps, Tensor? weight, Tensor? bias,
                                         Tensor? rowWeight, Tensor? rowBias, int period, int spread)
    {
        var x = input.IsContiguous ? input : input.Detach().Contiguous();
        var stats = Allocate([2, rows]); // rows: mean, rstd
        var result = Allocate(input.Shape);
        RowNormKernel.Forward(x.Pointer, result.Pointer, rows, d, eps, rowWeight is null ? null : rowWeight.Pointer,
                              rowBias is null ? null : rowBias.Pointer, period, stats.Pointer, stats.Pointer + rows);
        GC.KeepAlive(x);
        GC.KeepAlive(rowBias);
        if (Autograd.IsEnabled && (input.RequiresGrad || (weight?.RequiresGrad ?? false) || (bias?.RequiresGrad ?? false)))
            result.SetGradFn(new RowNormNode(name, AffineInputs(input, weight, bias), weight is not null, bias is not null,
                                             x, stats, rowWeight, rows, d, period, spread));
        return result;
    }

    private sealed class RowNormNode(string name, Tensor[] inputs, bool hasWeight, bool hasBias, Tensor x, Tensor stats,
                                     Tensor? rowWeight, int rows, int d, int period, int spread) : Node(name, inputs)
    {
        private Tensor? _x = x;
        private Tensor? _stats = stats;
        private Tensor? _rowWeight = rowWeight;

        protected internal override unsafe void Backward(Tensor grad, Span<Tensor?> grads)
        {
            var g = grad.Contiguous();
            float* mean = _stats!.Pointer, rstd = mean + rows;
            if (NeedsGrad(0))
            {
                var dx = Allocate(Input(0).Shape);
                RowNormKernel.InputGrad(g.Pointer, _x!.Pointer, dx.Pointer, rows, d, _rowWeight is null ? null : _rowWeight.Pointer,
                                        period, mean, rstd);
                grads[0] = dx;
            }
            int weightAt = hasWeight ? 1 : -1, biasAt = hasBias ? (hasWeight ? 2 : 1) : -1;
            bool wantW = hasWeight && NeedsGrad(weightAt), wantB = hasBias && NeedsGrad(biasAt);
            if (!wantW && !wantB) return;
            var dW = wantW ? Zeros(period, d) : null;
            var dB = wantB ? Zeros(period, d) : null;
            RowNormKernel.AffineGrad(g.Pointer, _x!.Pointer, rows, d, period, mean, rstd,
                                     dW is null ? null : dW.Pointer, dB is null ? null : dB.Pointer);
            if (dW is not null) grads[weightAt] = Collapse(dW, Input(weightAt).Shape);
            if (dB is not null) grads[biasAt] = Collapse(dB, Input(biasAt).Shape);
        }

        /// <summary>Sums each run of <c>spread</c> affine gradients into the user's parameter shape.</summary>
        private Tensor Collapse(Tensor rowGrad, ReadOnlySpan<int> shape)
        {
            if (spread == 1) return rowGrad.Reshape(shape);
            return rowGrad.Reshape(rowGrad.Numel / spread, spread).Sum(1).Reshape(shape);
        }

        protected override void ReleaseSaved()
        {
            _x = null;
            _stats = null;
            _rowWeight = null;
        }
    }
}
