using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>A contiguous copy; gradients flow back to this tensor.</summary>
    public Tensor Clone()
    {
        var result = Allocate(Shape);
        CopyElements(this, result);
        if (RequiresGrad && Autograd.IsEnabled) result.SetGradFn(new CloneNode(this));
        return result;
    }

    /// <summary>This tensor if its elements are already contiguous, else a contiguous copy (gradients flow through).</summary>
    public Tensor Contiguous() => IsContiguous ? this : Clone();

    /// <summary>A contiguous copy that no scope or backward pass will recycle, with no gradient link.</summary>
    internal Tensor CloneUnscoped()
    {
        var result = AllocateUnscoped(Shape);
        CopyElements(this, result);
        return result;
    }

    /// <summary>Copies <paramref name="source"/>'s values into this tensor (broadcasting the source); not recorded.</summary>
    public Tensor CopyFrom(Tensor source)
    {
        ThrowIfInPlaceNotAllowed("copy");
        Span<int> ss = stackalloc int[Rank];
        if (!CanBroadcastTo(source.Shape, Shape))
            throw new ArgumentException($"copy: source of shape {ShapeMath.Format(source.Shape)} cannot be broadcast to {ShapeMath.Format(Shape)}");
        ShapeMath.BroadcastStrides(source.Shape, source.Strides, Shape, ss);
        unsafe
        {
            Elementwise.Unary(UnaryKind.Copy, 0, 0, Shape, Pointer, Strides, source.Pointer, ss);
        }
        return this;
    }

    /// <summary>Sets every element to <paramref name="value"/> in place.</summary>
    public Tensor Fill(float value)
    {
        ThrowIfInPlaceNotAllowed("fill");
        unsafe
        {
            Elementwise.Unary(UnaryKind.Fill, value, 0, Shape, Pointer, Strides, Pointer, Strides);
        }
        return this;
    }

    /// <summary>Sets every element to zero in place.</summary>
    public Tensor Zero() => Fill(0f);

    /// <summary>this += other·alpha in place (other broadcast to this shape); not recorded.</summary>
    public Tensor AddInPlace(Tensor other, float alpha = 1f)
    {
        ThrowIfInPlaceNotAllowed("add");
        if (!CanBroadcastTo(other.Shape, Shape))
            throw new ArgumentException($"add: shape {ShapeMath.Format(other.Shape)} cannot be broadcast to {ShapeMath.Format(Shape)}");
        if (alpha != 1f && IsContiguous && other.IsContiguous && ShapeMath.SameShape(Shape, other.Shape))
        {
            var self = ContiguousSpan();
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(other.ContiguousSpan(), alpha, self, self);
            return this;
        }
        AddBroadcast(alpha == 1f ? other : other.MulScalar(alpha));
        return this;
    }

    /// <summary>this ·= c in place; not recorded.</summary>
    public Tensor MulInPlace(float c)
    {
        ThrowIfInPlaceNotAllowed("mul");
        unsafe
        {
            Elementwise.Unary(UnaryKind.Affine, c, 0, Shape, Pointer, Strides, Pointer, Strides);
        }
        return this;
    }

    /// <summary>this += other for equal shapes, without the in-place checks (used by the backward engine).</summary>
    internal void AddInPlaceUnchecked(Tensor other) => AddBroadcast(other);

    private unsafe void AddBroadcast(Tensor other)
    {
        Span<int> so = stackalloc int[Rank];
        ShapeMath.BroadcastStrides(other.Shape, other.Strides, Shape, so);
        Elementwise.Binary(BinaryKind.Add, Shape, Pointer, Strides, Pointer, Strides, other.Pointer, so);
    }

    private void ThrowIfInPlaceNotAllowed(string op)
    {
        ThrowIfInPlaceOnGradLeaf(op);
        if (GradFn is not null && Autograd.IsEnabled)
            throw new InvalidOperationException(
                $"{op}: in-place change of a tensor made by '{GradFn.Name}' while gradients are recorded would corrupt backward; " +
                "use the out-of-place operation instead");
    }

    private static bool CanBroadcastTo(ReadOnlySpan<int> from, ReadOnlySpan<int> to)
    {
        if (from.Length > to.Length) return false;
        int lead = to.Length - from.Length;
        for (int i = 0; i < from.Length; i++)
            if (from[i] != 1 && from[i] != to[lead + i]) return false;
        return true;
    }

    internal static unsafe void CopyElements(Tensor source, Tensor destination) =>
        Elementwise.Unary(UnaryKind.Copy, 0, 0, source.Shape, destination.Pointer, destination.Strides, source.Pointer, source.Strides);

    private sealed class CloneNode(Tensor input) : Node("clone", input)
    {
        protected internal override void Backward(Tensor g, Span<Tensor?> grads) => grads[0] = g;
    }
}
