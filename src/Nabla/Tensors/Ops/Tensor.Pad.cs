namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// Pads the last dimensions, PyTorch's F.pad order: <paramref name="padding"/> = (left, right) for the last
    /// dimension, then (top, bottom) for the one before, and so on. Negative constant padding crops.
    /// </summary>
    public Tensor Pad(ReadOnlySpan<int> padding, PadMode mode = PadMode.Constant, float value = 0f)
    {
        if (padding.Length % 2 != 0 || padding.Length / 2 > Rank)
            throw new ArgumentException($"pad: padding needs an even number of values covering at most {Rank} dimensions, got {padding.Length}");
        int padded = padding.Length / 2;
        Span<int> shape = stackalloc int[Rank];
        Shape.CopyTo(shape);
        var before = new int[Rank];
        for (int i = 0; i < padded; i++)
        {
            int d = Rank - 1 - i;
            int lo = padding[2 * i], hi = padding[2 * i + 1];
            if (mode != PadMode.Constant)
            {
                if (lo < 0 || hi < 0) throw new ArgumentException($"pad: {mode} padding must be non-negative, got ({lo}, {hi})");
                if (mode == PadMode.Reflect && (lo >= Shape[d] || hi >= Shape[d]))
                    throw new ArgumentException($"pad: reflect padding ({lo}, {hi}) must be smaller than dimension {d} of size {Shape[d]}");
                if (mode == PadMode.Replicate && Shape[d] == 0)
                    throw new ArgumentException($"pad: cannot replicate an empty dimension {d}");
            }
            before[d] = lo;
            shape[d] = Shape[d] + lo + hi;
            if (shape[d] < 0) throw new ArgumentException($"pad: padding ({lo}, {hi}) leaves dimension {d} of size {Shape[d]} with a negative size");
        }
        var sourceIndex = BuildPadIndex(shape, before, mode);
        var result = Allocate(shape);
        var dst = result.ContiguousSpan();
        var src = Detach().Contiguous().ContiguousSpan();
        for (int i = 0; i < dst.Length; i++) dst[i] = sourceIndex[i] >= 0 ? src[sourceIndex[i]] : value;
        if (RequiresGrad && Autograd.IsEnabled) result.SetGradFn(new PadNode(this, sourceIndex));
        return result;
    }

    /// <summary>For each output element, the flat input index it copies (−1 for a constant fill).</summary>
    private int[] BuildPadIndex(ReadOnlySpan<int> shape, int[] before, PadMode mode)
    {
        int n = ShapeMath.Numel(shape);
        var map = new int[n];
        Span<int> at = stackalloc int[Rank];
        Span<int> inStrides = stackalloc int[Rank];
        ShapeMath.ContiguousStrides(Shape, inStrides);
        for (int i = 0; i < n; i++)
        {
            ShapeMath.Unravel(i, shape, at);
            int off = 0;
            bool inside = true;
            for (int d = 0; d < Rank; d++)
            {
                int size = Shape[d];
                int j = at[d] - before[d];
                if (j < 0 || j >= size)
                {
                    if (mode == PadMode.Constant) { inside = false; break; }
                    j = mode == PadMode.Replicate ? Math.Clamp(j, 0, size - 1) : Reflect(j, size);
                }
                off += j * inStrides[d];
            }
            map[i] = inside ? off : -1;
        }
        return map;
    }

    private static int Reflect(int j, int size)
    {
        if (size == 1) return 0;
        int period = 2 * (size - 1);
        j %= period;
        if (j < 0) j += period;
        return j < size ? j : period - j;
    }

    private sealed class PadNode(Tensor input, int[] sourceIndex) : Node("pad", input)
    {
        protected internal override void Backward(Tensor g, Span<Tensor?> grads)
        {
            var result = Zeros(Input(0).Shape);
            var dst = result.ContiguousSpan();
            var src = g.Contiguous().ContiguousSpan();
            for (int i = 0; i < src.Length; i++)
                if (sourceIndex[i] >= 0) dst[sourceIndex[i]] += src[i];
            grads[0] = result;
        }
    }
}
