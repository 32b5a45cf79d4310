using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// 2-D max pooling: y[n, c, i, j] = max over p &lt; kH, q &lt; kW of x[n, c, i·sH − pH + p·dH, j·sW − pW + q·dW]
    /// (padding never wins), for input [N, C, H, W] or [C, H, W]. The output size per axis is
    /// ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1, rounded up instead when <paramref name="ceilMode"/> is set (a last window
    /// starting in the padding is dropped). Backward routes each gradient to the window's first maximum.
    /// </summary>
    /// <param name="input">[N, C, H, W] or [C, H, W].</param>
    /// <param name="kernel">Window size (kH, kW).</param>
    /// <param name="stride">Step between windows (default: the kernel size).</param>
    /// <param name="padding">Implicit −∞ padding on both sides, at most half the kernel (default (0, 0)).</param>
    /// <param name="dilation">Spacing between window taps (default (1, 1)).</param>
    /// <param name="ceilMode">Round the output size up rather than down.</param>
    /// <exception cref="ArgumentException">The input is not 3-D/4-D, or the window does not fit.</exception>
    public static Tensor MaxPool2d(Tensor input, (int, int) kernel, (int, int)? stride = null, (int, int)? padding = null,
        (int, int)? dilation = null, bool ceilMode = false) =>
        MaxPool2dCore("max_pool2d", input, kernel, stride, padding, dilation, ceilMode).Values;

    /// <summary>
    /// <see cref="MaxPool2d"/> that also returns where each maximum came from: Indices has the output's shape and
    /// holds, as float, the flat index h·W + w of the chosen pixel within its H x W input plane (as PyTorch's
    /// <c>return_indices=True</c>). Only Values is differentiable.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not 3-D/4-D, or the window does not fit.</exception>
    public static (Tensor Values, Tensor Indices) MaxPool2dWithIndices(Tensor input, (int, int) kernel, (int, int)? stride = null,
        (int, int)? padding = null, (int, int)? dilation = null, bool ceilMode = false) =>
        MaxPool2dCore("max_pool2d", input, kernel, stride, padding, dilation, ceilMode);

    /// <summary>
    /// 1-D max pooling: y[n, c, i] = max over p &lt; kernel of x[n, c, i·stride − padding + p·dilation], for input
    /// [N, C, L] or [C, L]; output length ⌊(L + 2·padding − dilation·(kernel − 1) − 1)/stride⌋ + 1 (rounded up with
    /// <paramref name="ceilMode"/>). The stride defaults to the kernel size.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not 2-D/3-D, or the window does not fit.</exception>
    public static Tensor MaxPool1d(Tensor input, int kernel, int? stride = null, int padding = 0, int dilation = 1,
        bool ceilMode = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank is not (2 or 3))
            throw new ArgumentException($"max_pool1d: expected a batched [N, C, L] or unbatched [C, L] input, got {ShapeMath.Format(input.Shape)}", nameof(input));
        var values = MaxPool2dCore("max_pool1d", input.Unsqueeze(-2), (1, kernel), (1, stride ?? kernel), (0, padding),
            (1, dilation), ceilMode).Values;
        return values.Squeeze(-2);
    }

    private static unsafe (Tensor Values, Tensor Indices) MaxPool2dCore(string op, Tensor input, (int, int) kernel,
        (int, int)? stride, (int, int)? padding, (int, int)? dilation, bool ceilMode)
    {
        ArgumentNullException.ThrowIfNull(input);
        var x = BatchedInput(op, input, 4, "[N, C, H, W]");
        var s = PoolShape(op, x, kernel, stride ?? kernel, padding ?? (0, 0), dilation ?? (1, 1), ceilMode);
        var xd = Dense(x);
        int[] shape = [x.Shape[0], x.Shape[1], s.OutHeight, s.OutWidth];
        var values = Allocate(shape);
        var indices = Allocate(shape);
        PoolingMax.Forward(s, xd.Pointer, values.Pointer, indices.Pointer);
        if (x.RequiresGrad && Autograd.IsEnabled) values.SetGradFn(new MaxPoolNode(op, x, s, indices));
        return input.Rank == 3 ? (values.Squeeze(0), indices.Squeeze(0)) : (values, indices);
    }

    /// <summary>Backward of max pooling: dx[n, c, indices[n, c, o]] += g[n, c, o].</summary>
    private sealed class MaxPoolNode(string name, Tensor input, PoolingShape shape, Tensor indices) : Node(name, input)
    {
        private Tensor? _indices = indices;

        protected internal override unsafe void Backward(Tensor g, Span<Tensor?> grads)
        {
            var gd = Dense(g);
            var dx = Allocate(Input(0).Shape);
            PoolingMax.Backward(shape, gd.Pointer, _indices!.Pointer, dx.Pointer);
            grads[0] = dx;
        }

        protected override void ReleaseSaved() => _indices = null;
    }
}
