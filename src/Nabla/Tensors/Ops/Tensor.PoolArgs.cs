using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// Validates a 2-D pooling's input [N, C, H, W] and window, and returns its geometry over the N·C planes (PyTorch's
    /// rules: positive kernel, stride and dilation; padding at most half the kernel; at least one output pixel).
    /// </summary>
    private static PoolingShape PoolShape(string op, Tensor input, (int H, int W) kernel, (int H, int W) stride,
        (int H, int W) padding, (int H, int W) dilation, bool ceilMode)
    {
        CheckPair(op, "kernel", kernel, 1);
        CheckPair(op, "stride", stride, 1);
        CheckPair(op, "padding", padding, 0);
        CheckPair(op, "dilation", dilation, 1);
        if (padding.H > kernel.H / 2 || padding.W > kernel.W / 2)
            throw new ArgumentException(
                $"{op}: padding ({padding.H}, {padding.W}) must be at most half the kernel ({kernel.H}, {kernel.W})", nameof(padding));
        int n = input.Shape[0], c = input.Shape[1], h = input.Shape[2], w = input.Shape[3];
        int oh = PoolingShape.OutputLength(h, kernel.H, stride.H, padding.H, dilation.H, ceilMode);
        int ow = PoolingShape.OutputLength(w, kernel.W, stride.W, padding.W, dilation.W, ceilMode);
        if (oh < 1 || ow < 1)
            throw new ArgumentException(
                $"{op}: input of shape {ShapeMath.Format(input.Shape)} is too small for kernel ({kernel.H}, {kernel.W}) with padding ({padding.H}, {padding.W}) and dilation ({dilation.H}, {dilation.W}): the output would be {oh} x {ow}",
                nameof(input));
        return new PoolingShape(n * c, h, w, kernel.H, kernel.W, stride.H, stride.W, padding.H, padding.W,
            dilation.H, dilation.W, oh, ow);
    }
}
