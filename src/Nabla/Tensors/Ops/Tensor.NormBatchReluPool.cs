using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// Batch normalization, ReLU and 2x2 max pooling (stride 2, no padding) in one op, the usual block after a
    /// convolution: y = MaxPool2d(Relu(BatchNorm(x)), 2), i.e.
    /// y[n, c, i, j] = max over p, q &lt; 2 of max(0, (x[n, c, 2i + p, 2j + q] − μ_c)/√(σ²_c + eps)·γ_c + β_c), with
    /// μ, σ² and the running-statistics update exactly as in <see cref="BatchNorm"/>. Same values and gradients as
    /// the three ops chained (the first maximum of each window wins), but neither the normalized nor the rectified
    /// [N, C, H, W] tensor is kept: forward saves x, the per-channel statistics and the pooled argmax positions, and
    /// backward writes dx in one pass per channel: with ĝ the pooled gradient routed to each window's maximum where
    /// it is &gt; 0, dx = γ·rstd·(ĝ − Σĝ/M − x̂·Σĝx̂/M) in training (γ·rstd·ĝ in evaluation), dγ = Σĝx̂, dβ = Σĝ.
    /// </summary>
    /// <param name="input">[N, C, H, W] values, H and W at least 2 (a last odd row or column is dropped, as by the pooling).</param>
    /// <param name="runningMean">[C] running mean (updated in training), or null.</param>
    /// <param name="runningVar">[C] running variance (updated in training), or null.</param>
    /// <param name="weight">[C] scale γ, or null for 1.</param>
    /// <param name="bias">[C] shift β, or null for 0.</param>
    /// <param name="training">Normalize with batch statistics and update the running ones.</param>
    /// <param name="momentum">Weight of the new batch statistic in the running average.</param>
    /// <param name="eps">Added to the variance for numerical stability.</param>
    /// <returns>[N, C, ⌊H/2⌋, ⌊W/2⌋].</returns>
    /// <exception cref="ArgumentException">
    /// The input is not 4-D with H, W ≥ 2, a per-channel vector does not fit, or evaluation lacks running statistics.
    /// </exception>
    public static unsafe Tensor BatchNormReluMaxPool2d(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight,
                                                      Tensor? bias, bool training, float momentum = 0.1f, float eps = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4 || input.Shape[2] < 2 || input.Shape[3] < 2)
            throw new ArgumentException(
                $"batch_norm_relu_max_pool2d: input must be [N, C, H, W] with H, W >= 2 (one 2x2 window at least), got shape {ShapeMath.Format(input.Shape)}");
        int n = input.Shape[0], c = input.Shape[1], h = input.Shape[2], w = input.Shape[3];
        CheckChannelVector(runningMean, c, "runningMean", input, needContiguous: true);
        CheckChannelVector(runningVar, c, "runningVar", input, needContiguous: true);
        CheckChannelVector(weight, c, "weight", input, needContiguous: false);
        CheckChannelVector(bias, c, "bias", input, needContiguous: false);
        if (!training && (runningMean is null || runningVar is null))
            throw new ArgumentException(
                "batch_norm: evaluation mode needs runningMean and runningVar; pass them, or training: true to normalize with batch statistics");

        var x = input.IsContiguous ? input : input.Detach().Contiguous();
        var wd = weight is null || weight.IsContiguous ? weight : weight.Detach().Contiguous();
        var bd = bias is null || bias.IsContiguous ? bias : bias.Detach().Contiguous();
        var stats = Allocate([4, c]); // rows: mean, rstd, scale, shift
        float* mean = stats.Pointer, rstd = mean + c, scale = rstd + c, shift = scale + c;
        float* wp = wd is null ? null : wd.Pointer, bp = bd is null ? null : bd.Pointer;
        if (!training)
            BatchNormKernel.EvalStatistics(c, runningMean!.Pointer, runningVar!.Pointer, wp, bp, eps, mean, rstd, scale, shift);
        int[] outShape = [n, c, h / 2, w / 2];
        var result = Allocate(outShape);
        var indices = Allocate(outShape);
        var scratch = BufferPool.Rent(checked(c * h * w));
        try
        {
            BatchNormReluPoolKernel.Forward(x.Pointer, result.Pointer, indices.Pointer, n, c, h, w, training, wp, bp, eps,
                runningMean is null ? null : runningMean.Pointer, runningVar is null ? null : runningVar.Pointer, momentum,
                mean, rstd, scale, shift, scratch.Pointer);
        }
        finally
        {
            BufferPool.Return(scratch);
        }
        GC.KeepAlive(wd);
        GC.KeepAlive(bd);

        if (Autograd.IsEnabled && (input.RequiresGrad || (weight?.RequiresGrad ?? false) || (bias?.RequiresGrad ?? false)))
            result.SetGradFn(new BatchNormReluPoolNode(AffineInputs(input, weight, bias), weight is not null, bias is not null,
                x, stats, indices, training));
        return result;
    }

    private sealed class BatchNormReluPoolNode(Tensor[] inputs, bool hasWeight, bool hasBias, Tensor x, Tensor stats,
                                               Tensor indices, bool training)
        : Node("batch_norm_relu_max_pool2d", inputs)
    {
        private Tensor? _x = x;
        private Tensor? _stats = stats;
        private Tensor? _indices = indices;

        protected internal override unsafe void Backward(Tensor grad, Span<Tensor?> grads)
        {
            var input = Input(0);
            int n = input.Shape[0], c = input.Shape[1], h = input.Shape[2], w = input.Shape[3];
            int weightAt = hasWeight ? 1 : -1, biasAt = hasBias ? (hasWeight ? 2 : 1) : -1;
            var g = grad.Contiguous();
            float* mean = _stats!.Pointer, rstd = mean + c;
            var sums = Allocate([2, c]); // rows: Σĝ, Σĝ(x − μ)
            float* sg = sums.Pointer, sgx = sg + c;
            var weight = hasWeight ? Input(weightAt).Contiguous() : null;
            var dx = NeedsGrad(0) ? Allocate(input.Shape) : null;
            var scratch = BufferPool.Rent(checked(c * h * w));
            try
            {
                BatchNormReluPoolKernel.Backward(g.Pointer, _indices!.Pointer, _x!.Pointer, dx is null ? null : dx.Pointer,
                    n, c, h, w, weight is null ? null : weight.Pointer, mean, rstd, training, sg, sgx, scratch.Pointer);
            }
            finally
            {
                BufferPool.Return(scratch);
            }
            if (dx is not null) grads[0] = dx;
            BatchNormAffineGrads(grads, c, sg, sgx, rstd, hasWeight && NeedsGrad(weightAt) ? weightAt : -1,
                                 hasBias && NeedsGrad(biasAt) ? biasAt : -1);
        }

        protected override void ReleaseSaved()
        {
            _x = null;
            _stats = null;
            _indices = null;
        }
    }
}
