namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>Joins tensors along an existing dimension; all other sizes must match.</summary>
    public static Tensor Concat(ReadOnlySpan<Tensor> tensors, int dim = 0)
    {
        if (tensors.IsEmpty) throw new ArgumentException("concat: no tensors given");
        var first = tensors[0];
        ShapeMath.RequireDimensions(first.Rank, "concat");
        int d = ShapeMath.NormalizeAxis(dim, first.Rank, "concat");
        int total = 0;
        bool needsGrad = false;
        for (int i = 0; i < tensors.Length; i++)
        {
            var t = tensors[i];
            if (t.Rank != first.Rank)
                throw new ArgumentException($"concat: tensor {i} has shape {ShapeMath.Format(t.Shape)} but tensor 0 has shape {ShapeMath.Format(first.Shape)}");
            for (int k = 0; k < t.Rank; k++)
                if (k != d && t.Shape[k] != first.Shape[k])
                    throw new ArgumentException($"concat: shapes {ShapeMath.Format(first.Shape)} and {ShapeMath.Format(t.Shape)} differ in dimension {k} (joining along {d})");
            total += t.Shape[d];
            needsGrad |= t.RequiresGrad;
        }
        Span<int> shape = stackalloc int[first.Rank];
        first.Shape.CopyTo(shape);
        shape[d] = total;
        var result = Allocate(shape);
        var sizes = new int[tensors.Length];
        for (int i = 0, at = 0; i < tensors.Length; i++)
        {
            sizes[i] = tensors[i].Shape[d];
            CopyElements(tensors[i], result.Detach().Slice(d, at, at + sizes[i]));
            at += sizes[i];
        }
        if (needsGrad && Autograd.IsEnabled) result.SetGradFn(new ConcatNode(tensors.ToArray(), d, sizes));
        return result;
    }

    /// <summary>Joins equally shaped tensors along a new dimension.</summary>
    public static Tensor Stack(ReadOnlySpan<Tensor> tensors, int dim = 0)
    {
        if (tensors.IsEmpty) throw new ArgumentException("stack: no tensors given");
        var first = tensors[0];
        int d = ShapeMath.NormalizeAxis(dim, first.Rank + 1, "stack");
        var expanded = new Tensor[tensors.Length];
        for (int i = 0; i < tensors.Length; i++)
        {
            if (!ShapeMath.SameShape(tensors[i].Shape, first.Shape))
                throw new ArgumentException($"stack: tensor {i} has shape {ShapeMath.Format(tensors[i].Shape)} but tensor 0 has shape {ShapeMath.Format(first.Shape)}");
            expanded[i] = tensors[i].Unsqueeze(d);
        }
        return Concat(expanded, d);
    }

    private sealed class ConcatNode(Tensor[] inputs, int dim, int[] sizes) : Node("concat", inputs)
    {
        protected internal override void Backward(Tensor g, Span<Tensor?> grads)
        {
            for (int i = 0, at = 0; i < sizes.Length; at += sizes[i], i++)
                if (NeedsGrad(i)) grads[i] = g.Slice(dim, at, at + sizes[i]);
        }
    }
}
