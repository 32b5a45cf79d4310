namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>Picks the entries at <paramref name="indices"/> (a 1-D tensor of whole numbers) along <paramref name="dim"/>.</summary>
    public Tensor IndexSelect(int dim, Tensor indices)
    {
        int d = ShapeMath.NormalizeAxis(dim, Rank, "index_select");
        if (indices.Rank > 1)
            throw new ArgumentException($"index_select: indices must be 1-D, got shape {ShapeMath.Format(indices.Shape)}");
        var idx = ReadIndices(indices, Shape[d], "index_select", d);
        Span<int> shape = stackalloc int[Rank];
        Shape.CopyTo(shape);
        shape[d] = idx.Length;
        var result = Allocate(shape);
        for (int i = 0; i < idx.Length; i++) CopyElements(Select(d, idx[i]).Detach(), result.Select(d, i).Detach());
        if (RequiresGrad && Autograd.IsEnabled) result.SetGradFn(new IndexSelectNode(this, d, idx));
        return result;
    }

    /// <summary>
    /// out[i][j][k] = input[i][index[i][j][k]][k] for <paramref name="dim"/> = 1 (and likewise for other dims); the
    /// index has the input's rank and is no larger than the input in any dimension but <paramref name="dim"/>.
    /// </summary>
    public Tensor Gather(int dim, Tensor index)
    {
        int d = ShapeMath.NormalizeAxis(dim, Rank, "gather");
        CheckIndexShape(index, this, d, "gather");
        var idx = ReadIndices(index, Shape[d], "gather", d);
        var result = Allocate(index.Shape);
        var dst = result.ContiguousSpan();
        Span<int> at = stackalloc int[Rank];
        for (int n = 0; n < idx.Length; n++)
        {
            ShapeMath.Unravel(n, index.Shape, at);
            at[d] = idx[n];
            dst[n] = this[at];
        }
        if (RequiresGrad && Autograd.IsEnabled) result.SetGradFn(new GatherNode(this, d, index));
        return result;
    }

    /// <summary>A copy of this tensor with src[i][j][k] added at [i][index[i][j][k]][k] for <paramref name="dim"/> = 1 (and likewise for other dims).</summary>
    public Tensor ScatterAdd(int dim, Tensor index, Tensor source)
    {
        int d = ShapeMath.NormalizeAxis(dim, Rank, "scatter_add");
        CheckIndexShape(index, this, d, "scatter_add");
        if (!ShapeMath.SameShape(index.Shape, source.Shape))
            throw new ArgumentException($"scatter_add: source of shape {ShapeMath.Format(source.Shape)} must have the index's shape {ShapeMath.Format(index.Shape)}");
        var idx = ReadIndices(index, Shape[d], "scatter_add", d);
        var result = Allocate(Shape);
        CopyElements(this, result);
        var dst = result.ContiguousSpan();
        Span<int> at = stackalloc int[Rank];
        Span<int> resultStrides = stackalloc int[Rank];
        ShapeMath.ContiguousStrides(Shape, resultStrides);
        for (int n = 0; n < idx.Length; n++)
        {
            ShapeMath.Unravel(n, index.Shape, at);
            float v = source[at];
            at[d] = idx[n];
            int off = 0;
            for (int k = 0; k < Rank; k++) off += at[k] * resultStrides[k];
            dst[off] += v;
        }
        if ((RequiresGrad || source.RequiresGrad) && Autograd.IsEnabled)
            result.SetGradFn(new ScatterAddNode(this, source, d, index));
        return result;
    }

    /// <summary>Replaces elements where <paramref name="mask"/> (broadcast) is non-zero with <paramref name="value"/>.</summary>
    public Tensor MaskedFill(Tensor mask, float value)
    {
        Span<int> shape = stackalloc int[Dims.MaxRank];
        int rank = ShapeMath.Broadcast(Shape, mask.Shape, shape, "masked_fill");
        if (!ShapeMath.SameShape(shape[..rank], Shape))
            throw new ArgumentException($"masked_fill: mask of shape {ShapeMath.Format(mask.Shape)} cannot be broadcast to {ShapeMath.Format(Shape)}");
        return Where(mask, Scalar(value), this);
    }

    private static int[] ReadIndices(Tensor indices, int size, string op, int dim)
    {
        var values = indices.ToArray();
        var result = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (v != MathF.Floor(v))
                throw new ArgumentException($"{op}: index {v} is not a whole number");
            if (v < -size || v >= size)
                throw new IndexOutOfRangeException($"{op}: index {v} is out of bounds for dimension {dim} with size {size}");
            result[i] = v < 0 ? (int)v + size : (int)v;
        }
        return result;
    }

    private static void CheckIndexShape(Tensor index, Tensor other, int dim, string op)
    {
        if (index.Rank != other.Rank)
            throw new ArgumentException($"{op}: index of shape {ShapeMath.Format(index.Shape)} must have the same rank as {ShapeMath.Format(other.Shape)}");
        for (int k = 0; k < index.Rank; k++)
            if (k != dim && index.Shape[k] > other.Shape[k])
                throw new ArgumentException($"{op}: index of shape {ShapeMath.Format(index.Shape)} is larger than {ShapeMath.Format(other.Shape)} in dimension {k}");
    }

    private sealed class IndexSelectNode(Tensor input, int dim, int[] indices) : Node("index_select", input)
    {
        protected internal override void Backward(Tensor g, Span<Tensor?> grads)
        {
            var result = Zeros(Input(0).Shape);
            for (int i = 0; i < indices.Length; i++)
            {
                var row = result.Select(dim, indices[i]);
                row.AddInPlaceUnchecked(g.Select(dim, i));
            }
            grads[0] = result;
        }
    }

    private sealed class GatherNode(Tensor input, int dim, Tensor index) : Node("gather", input)
    {
        private Tensor? _index = index;

        protected internal override void Backward(Tensor g, Span<Tensor?> grads) =>
            grads[0] = Zeros(Input(0).Shape).ScatterAdd(dim, _index!, g);

        protected override void ReleaseSaved() => _index = null;
    }

    private sealed class ScatterAddNode(Tensor input, Tensor source, int dim, Tensor index) : Node("scatter_add", input, source)
    {
        private Tensor? _index = index;

        protected internal override void Backward(Tensor g, Span<Tensor?> grads)
        {
            if (NeedsGrad(0)) grads[0] = g;
            if (NeedsGrad(1)) grads[1] = g.Gather(dim, _index!);
        }

        protected override void ReleaseSaved() => _index = null;
    }
}
