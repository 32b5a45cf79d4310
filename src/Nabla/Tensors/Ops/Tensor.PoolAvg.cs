using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// 2-D average pooling: y[n, c, i, j] = (1/D) Σ x[n, c, i·sH − pH + p, j·sW − pW + q] over the window pixels
    /// inside the input, for input [N, C, H, W] or [C, H, W]. D is <paramref name="divisorOverride"/> when given,
    /// else the window's size clipped to the padded input when <paramref name="countIncludePad"/> is set (padding
    /// counts as zeros), else the number of input pixels summed. Output size as <see cref="MaxPool2d"/> without
    /// dilation.
    /// </summary>
    /// <param name="input">[N, C, H, W] or [C, H, W].</param>
    /// <param name="kernel">Window size (kH, kW).</param>
    /// <param name="stride">Step between windows (default: the kernel size).</param>
    /// <param name="padding">Zero padding on both sides, at most half the kernel (default (0, 0)).</param>
    /// <param name="ceilMode">Round the output size up rather than down.</param>
    /// <param name="countIncludePad">Count padding pixels in the divisor (PyTorch's default).</param>
    /// <param name="divisorOverride">A fixed divisor instead of the window size (must be positive).</param>
    /// <exception cref="ArgumentException">The input is not 3-D/4-D, the window does not fit, or the divisor is not positive.</exception>
    public static unsafe Tensor AvgPool2d(Tensor input, (int, int) kernel, (int, int)? stride = null, (int, int)? padding = null,
        bool ceilMode = false, bool countIncludePad = true, int? divisorOverride = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        const string op = "avg_pool2d";
        if (divisorOverride is <= 0)
            throw new ArgumentException($"{op}: divisorOverride must be positive, got {divisorOverride}", nameof(divisorOverride));
        var x = BatchedInput(op, input, 4, "[N, C, H, W]");
        var s = PoolShape(op, x, kernel, stride ?? kernel, padding ?? (0, 0), (1, 1), ceilMode);
        var xd = Dense(x);
        var result = Allocate([x.Shape[0], x.Shape[1], s.OutHeight, s.OutWidth]);
        int divisor = divisorOverride ?? 0;
        PoolingAverage.Forward(s, xd.Pointer, result.Pointer, countIncludePad, divisor);
        if (x.RequiresGrad && Autograd.IsEnabled) result.SetGradFn(new AvgPoolNode(x, s, countIncludePad, divisor));
        return input.Rank == 3 ? result.Squeeze(0) : result;
    }

    /// <summary>
    /// Adaptive 2-D average pooling to <paramref name="outputSize"/> (oH, oW): y[n, c, i, j] is the mean of
    /// x[n, c, h, w] over h ∈ [⌊i·H/oH⌋, ⌈(i + 1)·H/oH⌉) and w ∈ [⌊j·W/oW⌋, ⌈(j + 1)·W/oW⌉), as PyTorch;
    /// (1, 1) is global average pooling. Input [N, C, H, W] or [C, H, W].
    /// </summary>
    /// <exception cref="ArgumentException">The input is not 3-D/4-D or the output size is not positive.</exception>
    public static unsafe Tensor AdaptiveAvgPool2d(Tensor input, (int, int) outputSize)
    {
        ArgumentNullException.ThrowIfNull(input);
        const string op = "adaptive_avg_pool2d";
        CheckPair(op, "outputSize", outputSize, 1);
        var x = BatchedInput(op, input, 4, "[N, C, H, W]");
        if (x.Shape[2] < 1 || x.Shape[3] < 1)
            throw new ArgumentException($"{op}: input of shape {ShapeMath.Format(input.Shape)} has an empty plane", nameof(input));
        var (oh, ow) = outputSize;
        var xd = Dense(x);
        int planes = x.Shape[0] * x.Shape[1];
        var result = Allocate([x.Shape[0], x.Shape[1], oh, ow]);
        PoolingAdaptive.Forward(planes, x.Shape[2], x.Shape[3], oh, ow, xd.Pointer, result.Pointer);
        if (x.RequiresGrad && Autograd.IsEnabled) result.SetGradFn(new AdaptiveAvgPoolNode(x, oh, ow));
        return input.Rank == 3 ? result.Squeeze(0) : result;
    }

    /// <summary>Backward of average pooling: each output gradient spread as g / D over its window's input pixels.</summary>
    private sealed class AvgPoolNode(Tensor input, PoolingShape shape, bool countIncludePad, int divisor) : Node("avg_pool2d", input)
    {
        protected internal override unsafe void Backward(Tensor g, Span<Tensor?> grads)
        {
            var gd = Dense(g);
            var dx = Allocate(Input(0).Shape);
            PoolingAverage.Backward(shape, gd.Pointer, dx.Pointer, countIncludePad, divisor);
            grads[0] = dx;
        }
    }

    /// <summary>Backward of adaptive average pooling: g / |window| added over each window.</summary>
    private sealed class AdaptiveAvgPoolNode(Tensor input, int outH, int outW) : Node("adaptive_avg_pool2d", input)
    {
        protected internal override unsafe void Backward(Tensor g, Span<Tensor?> grads)
        {
            var x = Input(0);
            var gd = Dense(g);
            var dx = Allocate(x.Shape);
            PoolingAdaptive.Backward(x.Shape[0] * x.Shape[1], x.Shape[2], x.Shape[3], outH, outW, gd.Pointer, dx.Pointer);
            grads[0] = dx;
        }
    }
}
