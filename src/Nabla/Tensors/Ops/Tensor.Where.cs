using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>
    /// Picks <paramref name="whenTrue"/> where <paramref name="condition"/> is non-zero and <paramref name="whenFalse"/>
    /// elsewhere, broadcasting all three. The gradient flows to the chosen side only.
    /// </summary>
    public static Tensor Where(Tensor condition, Tensor whenTrue, Tensor whenFalse)
    {
        Span<int> buffer = stackalloc int[Dims.MaxRank];
        int rank = ShapeMath.Broadcast(whenTrue.Shape, whenFalse.Shape, buffer, "where");
        Span<int> buffer2 = stackalloc int[Dims.MaxRank];
        rank = ShapeMath.Broadcast(condition.Shape, buffer[..rank], buffer2, "where");
        ReadOnlySpan<int> shape = buffer2[..rank];
        var result = Allocate(shape);
        SelectInto(result, condition, whenTrue, whenFalse);
        if (Autograd.IsEnabled && (whenTrue.RequiresGrad || whenFalse.RequiresGrad))
            result.SetGradFn(new WhereNode(condition, whenTrue, whenFalse));
        return result;
    }

    private static unsafe void SelectInto(Tensor result, Tensor condition, Tensor whenTrue, Tensor whenFalse)
    {
        var shape = result.Shape;
        Span<int> sc = stackalloc int[shape.Length];
        Span<int> st = stackalloc int[shape.Length];
        Span<int> sf = stackalloc int[shape.Length];
        ShapeMath.BroadcastStrides(condition.Shape, condition.Strides, shape, sc);
        ShapeMath.BroadcastStrides(whenTrue.Shape, whenTrue.Strides, shape, st);
        ShapeMath.BroadcastStrides(whenFalse.Shape, whenFalse.Strides, shape, sf);
        Elementwise.Unary(UnaryKind.Copy, 0, 0, shape, result.Pointer, result.Strides, whenFalse.Pointer, sf);
        Elementwise.Select(shape, result.Pointer, result.Strides, condition.Pointer, sc, whenTrue.Pointer, st);
    }

    private sealed class WhereNode(Tensor condition, Tensor whenTrue, Tensor whenFalse) : Node("where", whenTrue, whenFalse)
    {
        private Tensor? _condition = condition;

        protected internal override void Backward(Tensor g, Span<Tensor?> grads)
        {
            var zero = Scalar(0f);
            if (NeedsGrad(0)) grads[0] = SumTo(Where(_condition!, g, zero), Input(0).Shape);
            if (NeedsGrad(1)) grads[1] = SumTo(Where(_condition!, zero, g), Input(1).Shape);
        }

        protected override void ReleaseSaved() => _condition = null;
    }
}
