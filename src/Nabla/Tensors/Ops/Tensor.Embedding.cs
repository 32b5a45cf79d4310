using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// Embedding lookup (PyTorch's <c>F.embedding</c>): out[..., :] = weight[indices[...], :] for a [V, D] weight and
    /// indices of any shape holding whole numbers in [0, V) (stored as floats, Nabla's convention), giving
    /// [..., D]. Backward adds each output row's gradient into its weight row; the row
    /// <paramref name="paddingIndex"/> (negative counts from the end) never receives gradient.
    /// </summary>
    /// <exception cref="ArgumentException">The weight is not 2-D, an index is not a whole number in [0, V), or the padding index is out of range.</exception>
    public static unsafe Tensor Embedding(Tensor indices, Tensor weight, int? paddingIndex = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2)
            throw new ArgumentException($"embedding: weight must be [numEmbeddings, dim], got shape {ShapeMath.Format(weight.Shape)}");
        int rows = weight.Shape[0], dim = weight.Shape[1];
        int pad = -1;
        if (paddingIndex is int pi)
        {
            if (pi < -rows || pi >= rows)
                throw new ArgumentException($"embedding: paddingIndex {pi} is out of range for a weight with {rows} rows (expected {-rows}..{rows - 1})");
            pad = pi < 0 ? pi + rows : pi;
        }
        var idx = indices.IsContiguous ? indices.Detach() : indices.Detach().Contiguous();
        var values = idx.ContiguousSpan();
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (!(v >= 0 && v < rows && v == MathF.Floor(v))) throw BadEmbeddingIndex(indices, i, v, rows);
        }
        Span<int> shape = stackalloc int[indices.Rank + 1];
        indices.Shape.CopyTo(shape);
        shape[^1] = dim;
        var result = Allocate(shape);
        var w = weight.IsContiguous ? weight : weight.Detach().Contiguous();
        GatherRowsKernel.Gather(w.Pointer, idx.Pointer, result.Pointer, values.Length, dim);
        GC.KeepAlive(w);
        if (weight.RequiresGrad && Autograd.IsEnabled) result.SetGradFn(new EmbeddingNode(weight, idx, pad));
        return result;
    }

    private static ArgumentException BadEmbeddingIndex(Tensor indices, int linear, float v, int rows)
    {
        var at = new int[indices.Rank];
        ShapeMath.Unravel(linear, indices.Shape, at);
        string position = ShapeMath.Format(at);
        return new ArgumentException(v == MathF.Floor(v)
            ? $"embedding: index {v} at position {position} of indices {ShapeMath.Format(indices.Shape)} is out of range for a weight with {rows} rows (expected 0..{rows - 1})"
            : $"embedding: index {v} at position {position} of indices {ShapeMath.Format(indices.Shape)} is not a whole number");
    }

    private sealed class EmbeddingNode(Tensor weight, Tensor indices, int pad) : Node("embedding", weight)
    {
        private Tensor? _indices = indices;

        protected internal override unsafe void Backward(Tensor g, Span<Tensor?> grads)
        {
            var weight = Input(0);
            var dw = Zeros(weight.Shape);
            var gc = g.Contiguous();
            GatherRowsKernel.ScatterAdd(dw.Pointer, _indices!.Pointer, gc.Pointer, _indices.Numel, weight.Shape[1], pad);
            grads[0] = dw;
        }

        protected override void ReleaseSaved() => _indices = null;
    }
}
