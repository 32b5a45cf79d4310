namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>The same elements in a new shape (one size may be −1 to infer it); a view when the tensor is contiguous, else a copy.</summary>
    public Tensor Reshape(params ReadOnlySpan<int> shape) => ReshapeCore(shape, "reshape", allowCopy: true);

    /// <summary>Like <see cref="Reshape"/> but never copies: fails for non-contiguous tensors.</summary>
    public Tensor View(params ReadOnlySpan<int> shape) => ReshapeCore(shape, "view", allowCopy: false);

    /// <summary>Merges dimensions <paramref name="startDim"/>..<paramref name="endDim"/> into one.</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Rank == 0) return Reshape(1);
        int s = ShapeMath.NormalizeAxis(startDim, Rank, "flatten");
        int e = ShapeMath.NormalizeAxis(endDim, Rank, "flatten");
        if (s > e) throw new ArgumentException($"flatten: startDim {startDim} comes after endDim {endDim}");
        Span<int> shape = stackalloc int[Rank - (e - s)];
        int k = 0, merged = 1;
        for (int d = 0; d < Rank; d++)
        {
            if (d < s || d > e) shape[k++] = Shape[d];
            else
            {
                merged *= Shape[d];
                if (d == e) shape[k++] = merged;
            }
        }
        return Reshape(shape);
    }

    /// <summary>Removes every dimension of size 1, or only <paramref name="dim"/> when given (if its size is 1).</summary>
    public Tensor Squeeze(int? dim = null)
    {
        Span<int> shape = stackalloc int[Rank];
        int k = 0;
        int only = dim is int d0 ? ShapeMath.NormalizeAxis(d0, Rank, "squeeze") : -1;
        for (int d = 0; d < Rank; d++)
            if (Shape[d] != 1 || (only >= 0 && d != only)) shape[k++] = Shape[d];
        return Reshape(shape[..k]);
    }

    /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/> (−1 appends).</summary>
    public Tensor Unsqueeze(int dim)
    {
        int d = ShapeMath.NormalizeAxis(dim, Rank + 1, "unsqueeze");
        Span<int> shape = stackalloc int[Rank + 1];
        for (int i = 0, k = 0; i <= Rank; i++) shape[i] = i == d ? 1 : Shape[k++];
        return Reshape(shape);
    }

    /// <summary>Reorders the dimensions (a view): result dimension i is input dimension <paramref name="dims"/>[i].</summary>
    public Tensor Permute(params ReadOnlySpan<int> dims)
    {
        if (dims.Length != Rank)
            throw new ArgumentException($"permute: {dims.Length} dimensions given for a tensor of rank {Rank}");
        Span<int> shape = stackalloc int[Rank];
        Span<int> strides = stackalloc int[Rank];
        Span<bool> seen = stackalloc bool[Rank];
        for (int i = 0; i < Rank; i++)
        {
            int d = ShapeMath.NormalizeAxis(dims[i], Rank, "permute");
            if (seen[d]) throw new ArgumentException($"permute: dimension {d} appears twice");
            seen[d] = true;
            shape[i] = Shape[d];
            strides[i] = Strides[d];
        }
        var result = MakeView(Offset, shape, strides);
        if (RequiresGrad && Autograd.IsEnabled)
        {
            var inverse = default(Dims);
            for (int i = 0; i < Rank; i++) inverse[ShapeMath.NormalizeAxis(dims[i], Rank, "permute")] = i;
            result.SetGradFn(new PermuteNode(this, inverse));
        }
        return result;
    }

    /// <summary>Swaps two dimensions (a view).</summary>
    public Tensor Transpose(int dim0, int dim1)
    {
        int a = ShapeMath.NormalizeAxis(dim0, Rank, "transpose");
        int b = ShapeMath.NormalizeAxis(dim1, Rank, "transpose");
        Span<int> order = stackalloc int[Rank];
        for (int i = 0; i < Rank; i++) order[i] = i;
        (order[a], order[b]) = (order[b], order[a]);
        return Permute(order);
    }

    /// <summary>The transpose of a matrix (rank ≤ 2), like PyTorch's <c>.T</c> for 2-D tensors.</summary>
    public Tensor T => Rank < 2 ? this : Rank == 2 ? Transpose(0, 1)
        : throw new InvalidOperationException($"T: expects a tensor of rank at most 2, got shape {ShapeMath.Format(Shape)}; use Transpose or Permute");

    /// <summary>A broadcast view with the given shape: size-1 dimensions repeat (stride 0); −1 keeps a size.</summary>
    public Tensor Expand(params ReadOnlySpan<int> shape)
    {
        if (shape.Length < Rank)
            throw new ArgumentException($"expand: target {ShapeMath.Format(shape)} has fewer dimensions than {ShapeMath.Format(Shape)}");
        Span<int> target = stackalloc int[shape.Length];
        int lead = shape.Length - Rank;
        for (int i = 0; i < shape.Length; i++)
        {
            int own = i < lead ? 1 : Shape[i - lead];
            int want = shape[i] == -1 && i >= lead ? own : shape[i];
            if (want < 0 || (own != 1 && own != want))
                throw new ArgumentException($"expand: shape {ShapeMath.Format(Shape)} cannot be expanded to {ShapeMath.Format(shape)} (dimension {i})");
            target[i] = want;
        }
        Span<int> strides = stackalloc int[target.Length];
        ShapeMath.BroadcastStrides(Shape, Strides, target, strides);
        var result = MakeView(Offset, target, strides);
        if (RequiresGrad && Autograd.IsEnabled) result.SetGradFn(new ExpandNode(this));
        return result;
    }

    /// <summary>Expands to <paramref name="other"/>'s shape.</summary>
    public Tensor ExpandAs(Tensor other) => Expand(other.Shape);

    /// <summary>
    /// Elements start, start+step, ... below end along <paramref name="dim"/> (a view). Negative start/end count
    /// from the end and are clamped to the size, like Python slices; step must be positive.
    /// </summary>
    public Tensor Slice(int dim, int start, int end = int.MaxValue, int step = 1)
    {
        ShapeMath.RequireDimensions(Rank, "slice");
        int d = ShapeMath.NormalizeAxis(dim, Rank, "slice");
        if (step <= 0) throw new ArgumentOutOfRangeException(nameof(step), $"slice: step must be positive, got {step}");
        int size = Shape[d];
        int s = Math.Clamp(start < 0 ? start + size : start, 0, size);
        int e = Math.Clamp(end < 0 ? end + size : end, 0, size);
        int length = e > s ? (e - s + step - 1) / step : 0;
        Span<int> shape = stackalloc int[Rank];
        Span<int> strides = stackalloc int[Rank];
        Shape.CopyTo(shape);
        Strides.CopyTo(strides);
        shape[d] = length;
        strides[d] = Strides[d] * step;
        var result = MakeView(Offset + s * Strides[d], shape, strides);
        if (RequiresGrad && Autograd.IsEnabled) result.SetGradFn(new SliceNode(this, d, s, e, step, -1));
        return result;
    }

    /// <summary><paramref name="length"/> elements from <paramref name="start"/> along <paramref name="dim"/> (a view).</summary>
    public Tensor Narrow(int dim, int start, int length)
    {
        ShapeMath.RequireDimensions(Rank, "narrow");
        int d = ShapeMath.NormalizeAxis(dim, Rank, "narrow");
        if (start < 0 || length < 0 || start + length > Shape[d])
            throw new ArgumentOutOfRangeException(nameof(start),
                $"narrow: [{start}, {start + length}) is outside dimension {d} of size {Shape[d]}");
        return Slice(d, start, start + length);
    }

    /// <summary>The slice at <paramref name="index"/> along <paramref name="dim"/>, with that dimension removed (a view).</summary>
    public Tensor Select(int dim, int index)
    {
        ShapeMath.RequireDimensions(Rank, "select");
        int d = ShapeMath.NormalizeAxis(dim, Rank, "select");
        int size = Shape[d];
        if (index < -size || index >= size)
            throw new IndexOutOfRangeException($"select: index {index} is out of bounds for dimension {d} with size {size}");
        if (index < 0) index += size;
        Span<int> shape = stackalloc int[Rank - 1];
        Span<int> strides = stackalloc int[Rank - 1];
        for (int i = 0, k = 0; i < Rank; i++)
        {
            if (i == d) continue;
            shape[k] = Shape[i];
            strides[k++] = Strides[i];
        }
        var result = MakeView(Offset + index * Strides[d], shape, strides);
        if (RequiresGrad && Autograd.IsEnabled) result.SetGradFn(new SliceNode(this, d, index, index + 1, 1, index));
        return result;
    }

    /// <summary>Splits along <paramref name="dim"/> into pieces of <paramref name="splitSize"/> (the last may be smaller); views.</summary>
    public Tensor[] Split(int splitSize, int dim = 0)
    {
        ShapeMath.RequireDimensions(Rank, "split");
        int d = ShapeMath.NormalizeAxis(dim, Rank, "split");
        if (splitSize <= 0) throw new ArgumentOutOfRangeException(nameof(splitSize), $"split: size must be positive, got {splitSize}");
        int n = Math.Max(1, (Shape[d] + splitSize - 1) / splitSize);
        var parts = new Tensor[n];
        for (int i = 0; i < n; i++) parts[i] = Slice(d, i * splitSize, Math.Min((i + 1) * splitSize, Shape[d]));
        return parts;
    }

    /// <summary>Splits along <paramref name="dim"/> into pieces of the given sizes, which must add up to the dimension's size.</summary>
    public Tensor[] Split(ReadOnlySpan<int> sizes, int dim)
    {
        ShapeMath.RequireDimensions(Rank, "split");
        int d = ShapeMath.NormalizeAxis(dim, Rank, "split");
        int total = 0;
        foreach (int s in sizes) total += s;
        if (total != Shape[d])
            throw new ArgumentException($"split: sizes add up to {total} but dimension {d} has size {Shape[d]}");
        var parts = new Tensor[sizes.Length];
        for (int i = 0, at = 0; i < sizes.Length; at += sizes[i], i++) parts[i] = Slice(d, at, at + sizes[i]);
        return parts;
    }

    /// <summary>Splits into <paramref name="chunks"/> nearly equal pieces along <paramref name="dim"/> (PyTorch's chunk rule).</summary>
    public Tensor[] Chunk(int chunks, int dim = 0)
    {
        if (chunks <= 0) throw new ArgumentOutOfRangeException(nameof(chunks), $"chunk: count must be positive, got {chunks}");
        ShapeMath.RequireDimensions(Rank, "chunk");
        int d = ShapeMath.NormalizeAxis(dim, Rank, "chunk");
        return Split(Math.Max(1, (Shape[d] + chunks - 1) / chunks), d);
    }

    private Tensor ReshapeCore(ReadOnlySpan<int> requested, string op, bool allowCopy)
    {
        Span<int> shape = stackalloc int[requested.Length];
        ResolveShape(requested, shape, op);
        if (!IsContiguous)
        {
            if (!allowCopy)
                throw new InvalidOperationException(
                    $"view: a tensor of shape {ShapeMath.Format(Shape)} with strides {ShapeMath.Format(Strides)} is not contiguous; use Reshape()");
            return Clone().ReshapeCore(shape, op, allowCopy);
        }
        Span<int> strides = stackalloc int[shape.Length];
        ShapeMath.ContiguousStrides(shape, strides);
        var result = MakeView(Offset, shape, strides);
        if (RequiresGrad && Autograd.IsEnabled) result.SetGradFn(new ReshapeNode(this));
        return result;
    }

    private void ResolveShape(ReadOnlySpan<int> requested, Span<int> shape, string op)
    {
        int infer = -1;
        long known = 1;
        for (int i = 0; i < requested.Length; i++)
        {
            int s = requested[i];
            if (s == -1)
            {
                if (infer >= 0) throw new ArgumentException($"{op}: only one dimension can be -1 in {ShapeMath.Format(requested)}");
                infer = i;
                continue;
            }
            if (s < 0) throw new ArgumentException($"{op}: invalid size {s} in {ShapeMath.Format(requested)}");
            known *= s;
            shape[i] = s;
        }
        if (infer >= 0)
        {
            if (known == 0 || Numel % known != 0)
                throw new ArgumentException($"{op}: shape {ShapeMath.Format(requested)} is invalid for input of shape {ShapeMath.Format(Shape)} ({Numel} elements)");
            shape[infer] = (int)(Numel / known);
        }
        else if (known != Numel)
        {
            throw new ArgumentException($"{op}: shape {ShapeMath.Format(requested)} is invalid for input of shape {ShapeMath.Format(Shape)} ({Numel} elements)");
        }
    }

    private sealed class ReshapeNode(Tensor input) : Node("reshape", input)
    {
        protected internal override void Backward(Tensor g, Span<Tensor?> grads) => grads[0] = g.Reshape(Input(0).Shape);
    }

    private sealed class PermuteNode(Tensor input, Dims inverse) : Node("permute", input)
    {
        private Dims _inverse = inverse;

        protected internal override void Backward(Tensor g, Span<Tensor?> grads) =>
            grads[0] = g.Permute(((ReadOnlySpan<int>)_inverse)[..g.Rank]);
    }

    private sealed class ExpandNode(Tensor input) : Node("expand", input)
    {
        protected internal override void Backward(Tensor g, Span<Tensor?> grads) => grads[0] = SumTo(g, Input(0).Shape);
    }

    /// <summary>Backward of slice/select: the gradient lands in the same view of a zero tensor shaped like the input.</summary>
    private sealed class SliceNode(Tensor input, int dim, int start, int end, int step, int selectIndex)
        : Node(selectIndex >= 0 ? "select" : "slice", input)
    {
        protected internal override void Backward(Tensor g, Span<Tensor?> grads)
        {
            var full = Zeros(Input(0).Shape);
            var window = selectIndex >= 0 ? full.Select(dim, selectIndex) : full.Slice(dim, start, end, step);
            CopyElements(g, window);
            grads[0] = full;
        }
    }
}
