using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// Batch normalization over every dimension but the channel dimension 1 of an [N, C], [N, C, L] or
    /// [N, C, H, W] input (PyTorch's <c>F.batch_norm</c>): y = (x − μ_c)/√(σ²_c + eps)·γ_c + β_c.
    /// In training μ and σ² are the batch's per-channel mean and biased variance, and the running statistics (when
    /// given) are updated in place, without gradient, as r ← (1 − momentum)·r + momentum·s with the unbiased
    /// variance for <paramref name="runningVar"/>. In evaluation the running statistics are used as μ and σ².
    /// Fused: forward is one statistics pass and one normalize pass; backward one pass for the per-channel sums
    /// Σg and Σg·x̂, then dx = γ·rstd·(g − Σg/M − x̂·Σg·x̂/M) (M values per channel); dγ = Σg·x̂, dβ = Σg.
    /// </summary>
    /// <param name="input">[N, C, ...] values.</param>
    /// <param name="runningMean">[C] running mean (updated in training), or null.</param>
    /// <param name="runningVar">[C] running variance (updated in training), or null.</param>
    /// <param name="weight">[C] scale γ, or null for 1.</param>
    /// <param name="bias">[C] shift β, or null for 0.</param>
    /// <param name="training">Normalize with batch statistics and update the running ones.</param>
    /// <param name="momentum">Weight of the new batch statistic in the running average.</param>
    /// <param name="eps">Added to the variance for numerical stability.</param>
    /// <exception cref="ArgumentException">A shape does not fit, training sees one value per channel, or evaluation lacks running statistics.</exception>
    public static unsafe Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
                                          bool training, float momentum = 0.1f, float eps = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank < 2)
            throw new ArgumentException(
                $"batch_norm: input must be [N, C], [N, C, L] or [N, C, H, W], got shape {ShapeMath.Format(input.Shape)}");
        int n = input.Shape[0], c = input.Shape[1];
        int s = c == 0 || n == 0 ? 0 : input.Numel / (n * c);
        CheckChannelVector(runningMean, c, "runningMean", input, needContiguous: true);
        CheckChannelVector(runningVar, c, "runningVar", input, needContiguous: true);
        CheckChannelVector(weight, c, "weight", input, needContiguous: false);
        CheckChannelVector(bias, c, "bias", input, needContiguous: false);
        long count = (long)n * s;
        if (training && count <= 1)
            throw new ArgumentException(
                $"batch_norm: Expected more than 1 value per channel when training, got input size {ShapeMath.Format(input.Shape)}");
        if (!training && (runningMean is null || runningVar is null))
            throw new ArgumentException(
                "batch_norm: evaluation mode needs runningMean and runningVar; pass them, or training: true to normalize with batch statistics");

        var x = input.IsContiguous ? input : input.Detach().Contiguous();
        var w = weight is null || weight.IsContiguous ? weight : weight.Detach().Contiguous();
        var b = bias is null || bias.IsContiguous ? bias : bias.Detach().Contiguous();
        var stats = Allocate([2, c]); // rows: mean, rstd
        float* mean = stats.Pointer, rstd = mean + c;
        float* wp = w is null ? null : w.Pointer, bp = b is null ? null : b.Pointer;
        var result = Allocate(input.Shape);
        if (training)
        {
            BatchNormKernel.ForwardTraining(x.Pointer, result.Pointer, n, c, s, wp, bp, eps,
                                            runningMean is null ? null : runningMean.Pointer,
                                            runningVar is null ? null : runningVar.Pointer, momentum, mean, rstd);
        }
        else
        {
            Span<float> affine = c <= 512 ? stackalloc float[2 * c] : new float[2 * c];
            fixed (float* scale = affine)
            {
                BatchNormKernel.EvalStatistics(c, runningMean!.Pointer, runningVar!.Pointer, wp, bp, eps, mean, rstd, scale, scale + c);
                BatchNormKernel.Apply(x.Pointer, result.Pointer, n, c, s, scale, scale + c);
            }
        }
        GC.KeepAlive(w);
        GC.KeepAlive(b);

        if (Autograd.IsEnabled && (input.RequiresGrad || (weight?.RequiresGrad ?? false) || (bias?.RequiresGrad ?? false)))
            result.SetGradFn(new BatchNormNode(AffineInputs(input, weight, bias), weight is not null, bias is not null, x, stats, training));
        return result;
    }

    /// <summary>Checks that an optional per-channel vector is [C] (contiguous where written in place).</summary>
    private static void CheckChannelVector(Tensor? t, int channels, string name, Tensor input, bool needContiguous)
    {
        if (t is null) return;
        if (t.Rank != 1 || t.Shape[0] != channels)
            throw new ArgumentException(
                $"batch_norm: {name} must be [{channels}] (one value per channel of input {ShapeMath.Format(input.Shape)}), got shape {ShapeMath.Format(t.Shape)}");
        if (needContiguous && !t.IsContiguous)
            throw new ArgumentException($"batch_norm: {name} is updated in place and must be contiguous; pass a Contiguous() copy");
    }

    /// <summary>The node inputs of a normalization: the input, then weight and bias where given.</summary>
    private static Tensor[] AffineInputs(Tensor input, Tensor? weight, Tensor? bias) =>
        (weight, bias) switch
        {
            (null, null) => [input],
            (not null, null) => [input, weight],
            (null, not null) => [input, bias],
            _ => [input, weight, bias],
        };

    private sealed class BatchNormNode(Tensor[] inputs, bool hasWeight, bool hasBias, Tensor x, Tensor stats, bool training)
        : Node("batch_norm", inputs)
    {
        private Tensor? _x = x;
        private Tensor? _stats = stats;

        protected internal override unsafe void Backward(Tensor grad, Span<Tensor?> grads)
        {
            var input = Input(0);
            int n = input.Shape[0], c = input.Shape[1];
            int s = c == 0 || n == 0 ? 0 : input.Numel / (n * c);
            int weightAt = hasWeight ? 1 : -1, biasAt = hasBias ? (hasWeight ? 2 : 1) : -1;
            var g = grad.Contiguous();
            float* mean = _stats!.Pointer, rstd = mean + c;
            var sums = Allocate([2, c]); // rows: Σg, Σg(x − μ)
            float* sg = sums.Pointer, sgx = sg + c;
            var weight = hasWeight ? Input(weightAt).Contiguous() : null;
            var dx = NeedsGrad(0) ? Allocate(input.Shape) : null;
            BatchNormKernel.Backward(g.Pointer, _x!.Pointer, dx is null ? null : dx.Pointer, n, c, s,
                                     weight is null ? null : weight.Pointer, mean, rstd, training, sg, sgx);
            if (dx is not null) grads[0] = dx;
            BatchNormAffineGrads(grads, c, sg, sgx, rstd, hasWeight && NeedsGrad(weightAt) ? weightAt : -1,
                                 hasBias && NeedsGrad(biasAt) ? biasAt : -1);
        }

        protected override void ReleaseSaved()
        {
            _x = null;
            _stats = null;
        }
    }

    /// <summary>
    /// Batch-norm's affine parameter gradients from the per-channel sums: dγ[c] = Σg(x − μ)·rstd[c] into
    /// grads[<paramref name="weightAt"/>] and dβ[c] = Σg into grads[<paramref name="biasAt"/>] (-1: not wanted).
    /// </summary>
    private static unsafe void BatchNormAffineGrads(Span<Tensor?> grads, int c, float* sg, float* sgx, float* rstd, int weightAt, int biasAt)
    {
        if (weightAt >= 0)
        {
            var dw = Allocate([c]);
            for (int ch = 0; ch < c; ch++) dw.Pointer[ch] = sgx[ch] * rstd[ch];
            grads[weightAt] = dw;
        }
        if (biasAt >= 0)
        {
            var db = Allocate([c]);
            new ReadOnlySpan<float>(sg, c).CopyTo(db.ContiguousSpan());
            grads[biasAt] = db;
        }
    }
}
