using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product with PyTorch's matmul rules: 1-D·1-D is a dot product, a 1-D operand gains (and then
    /// loses) a dimension, and leading batch dimensions broadcast. Transposed views are read in place.
    /// </summary>
    public Tensor MatMul(Tensor other)
    {
        if (Rank == 0 || other.Rank == 0)
            throw new ArgumentException($"matmul: both operands need at least one dimension, got shapes {ShapeMath.Format(Shape)} and {ShapeMath.Format(other.Shape)}");
        if (Rank == 1 && other.Rank == 1)
        {
            if (Shape[0] != other.Shape[0])
                throw new ArgumentException($"matmul: shapes {ShapeMath.Format(Shape)} and {ShapeMath.Format(other.Shape)} cannot be multiplied ({Shape[0]} != {other.Shape[0]})");
            return Unsqueeze(0).MatMul(other.Unsqueeze(1)).Reshape(ReadOnlySpan<int>.Empty);
        }
        if (Rank == 1) return Unsqueeze(0).MatMul(other).Squeeze(-2);
        if (other.Rank == 1) return MatMul(other.Unsqueeze(1)).Squeeze(-1);
        return BatchedMatMul(this, other);
    }

    private static unsafe Tensor BatchedMatMul(Tensor a, Tensor b)
    {
        int m = a.Shape[^2], k = a.Shape[^1], n = b.Shape[^1];
        if (b.Shape[^2] != k)
            throw new ArgumentException(
                $"matmul: shapes {ShapeMath.Format(a.Shape)} and {ShapeMath.Format(b.Shape)} cannot be multiplied ({k} != {b.Shape[^2]})");
        Span<int> batch = stackalloc int[Dims.MaxRank];
        int batchRank;
        try
        {
            batchRank = ShapeMath.Broadcast(a.Shape[..^2], b.Shape[..^2], batch, "matmul");
        }
        catch (ArgumentException)
        {
            throw new ArgumentException(
                $"matmul: the batch dimensions of shapes {ShapeMath.Format(a.Shape)} and {ShapeMath.Format(b.Shape)} cannot be broadcast");
        }
        Span<int> outShape = stackalloc int[batchRank + 2];
        batch[..batchRank].CopyTo(outShape);
        outShape[batchRank] = m;
        outShape[batchRank + 1] = n;
        var result = Allocate(outShape);

        var la = MatrixLayout.Of(a);
        var lb = MatrixLayout.Of(b);
        Span<int> sa = stackalloc int[batchRank];
        Span<int> sb = stackalloc int[batchRank];
        ShapeMath.BroadcastStrides(a.Shape[..^2], la.Source.Strides[..^2], batch[..batchRank], sa);
        ShapeMath.BroadcastStrides(b.Shape[..^2], lb.Source.Strides[..^2], batch[..batchRank], sb);
        int count = result.Numel == 0 ? 0 : ShapeMath.Numel(batch[..batchRank]);
        float* pa = la.Source.Pointer, pb = lb.Source.Pointer, pc = result.Pointer;
        Span<int> at = stackalloc int[batchRank];
        for (int i = 0; i < count; i++)
        {
            ShapeMath.Unravel(i, batch[..batchRank], at);
            long oa = 0, ob = 0;
            for (int d = 0; d < batchRank; d++)
            {
                oa += (long)at[d] * sa[d];
                ob += (long)at[d] * sb[d];
            }
            Gemm.Sgemm(la.Transposed, lb.Transposed, m, n, k, 1f, pa + oa, la.Ld, pb + ob, lb.Ld, 0f, pc + (long)i * m * n, n);
        }
        if (Autograd.IsEnabled && (a.RequiresGrad || b.RequiresGrad)) result.SetGradFn(new MatMulNode(a, b));
        return result;
    }

    /// <summary>How GEMM reads the last two dimensions of a tensor: row-major, transposed, or (failing both) a contiguous copy.</summary>
    private readonly record struct MatrixLayout(Tensor Source, bool Transposed, int Ld)
    {
        public static MatrixLayout Of(Tensor t)
        {
            int r = t.Shape[^2], c = t.Shape[^1];
            int s0 = t.Strides[^2], s1 = t.Strides[^1];
            if ((c <= 1 || s1 == 1) && (r <= 1 || s0 >= c)) return new(t, false, r <= 1 || c == 0 ? Math.Max(c, 1) : s0);
            if ((r <= 1 || s0 == 1) && (c <= 1 || s1 >= r)) return new(t, true, c <= 1 || r == 0 ? Math.Max(r, 1) : s1);
            Tensor copy;
            using (Autograd.NoGrad()) copy = t.Detach().Clone();
            return new(copy, false, Math.Max(c, 1));
        }
    }

    private sealed class MatMulNode(Tensor a, Tensor b) : Node("matmul", a, b)
    {
        protected internal override void Backward(Tensor g, Span<Tensor?> grads)
        {
            var a = Input(0);
            var b = Input(1);
            if (NeedsGrad(0)) grads[0] = SumTo(g.MatMul(b.Transpose(-1, -2)), a.Shape);
            if (NeedsGrad(1)) grads[1] = SumTo(a.Transpose(-1, -2).MatMul(g), b.Shape);
        }
    }
}
