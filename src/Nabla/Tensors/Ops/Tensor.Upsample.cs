using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// Nearest-neighbour upsampling of an [N, C, H, W] input (PyTorch's <c>F.interpolate(mode="nearest")</c>) to
    /// <paramref name="size"/> (outH, outW), or to (⌊H·sh⌋, ⌊W·sw⌋) for <paramref name="scaleFactor"/> (sh, sw); give
    /// exactly one. Output pixel (i, j) copies input pixel (min(⌊i·s_h⌋, H − 1), min(⌊j·s_w⌋, W − 1)) with
    /// s = 1/scaleFactor when a factor is given and in/out otherwise, PyTorch's index formula. Backward sums each
    /// output gradient into its source pixel.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not 4-D, both or neither of size and scaleFactor are given, or a size is not positive.</exception>
    public static unsafe Tensor UpsampleNearest2d(Tensor input, (int, int)? size = null, (float, float)? scaleFactor = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4)
            throw new ArgumentException($"upsample_nearest2d: input must be [N, C, H, W], got shape {ShapeMath.Format(input.Shape)}");
        if (size.HasValue == scaleFactor.HasValue)
            throw new ArgumentException("upsample_nearest2d: give exactly one of size and scaleFactor");
        int inH = input.Shape[2], inW = input.Shape[3];
        int outH, outW;
        if (size is (int h, int w))
        {
            (outH, outW) = (h, w);
        }
        else
        {
            var (sh, sw) = scaleFactor!.Value;
            if (!(sh > 0 && sw > 0))
                throw new ArgumentException($"upsample_nearest2d: scaleFactor ({sh}, {sw}) must be positive");
            outH = (int)Math.Floor(inH * (double)sh);
            outW = (int)Math.Floor(inW * (double)sw);
        }
        if (outH <= 0 || outW <= 0)
            throw new ArgumentException(
                $"upsample_nearest2d: output size ({outH}, {outW}) for input {ShapeMath.Format(input.Shape)} must be positive");
        var result = Allocate([input.Shape[0], input.Shape[1], outH, outW]);
        var x = input.IsContiguous ? input : input.Detach().Contiguous();
        Span<int> rows = outH <= 1024 ? stackalloc int[outH] : new int[outH];
        Span<int> cols = outW <= 1024 ? stackalloc int[outW] : new int[outW];
        UpsampleKernel.SourceIndices(rows, inH, scaleFactor?.Item1);
        UpsampleKernel.SourceIndices(cols, inW, scaleFactor?.Item2);
        int planes = input.Shape[0] * input.Shape[1];
        UpsampleKernel.Forward(x.Pointer, result.Pointer, planes, inH, inW, rows, cols);
        GC.KeepAlive(x);
        if (input.RequiresGrad && Autograd.IsEnabled)
            result.SetGradFn(new UpsampleNearestNode(input, scaleFactor is null ? null : (scaleFactor.Value.Item1, scaleFactor.Value.Item2)));
        return result;
    }

    private sealed class UpsampleNearestNode(Tensor input, (double, double)? scaleFactor) : Node("upsample_nearest2d", input)
    {
        protected internal override unsafe void Backward(Tensor g, Span<Tensor?> grads)
        {
            var input = Input(0);
            int inH = input.Shape[2], inW = input.Shape[3], outH = g.Shape[2], outW = g.Shape[3];
            Span<int> rows = outH <= 1024 ? stackalloc int[outH] : new int[outH];
            Span<int> cols = outW <= 1024 ? stackalloc int[outW] : new int[outW];
            UpsampleKernel.SourceIndices(rows, inH, scaleFactor?.Item1);
            UpsampleKernel.SourceIndices(cols, inW, scaleFactor?.Item2);
            var dx = Zeros(input.Shape);
            var gc = g.Contiguous();
            UpsampleKernel.Backward(gc.Pointer, dx.Pointer, input.Shape[0] * input.Shape[1], inH, inW, rows, cols);
            grads[0] = dx;
        }
    }
}
