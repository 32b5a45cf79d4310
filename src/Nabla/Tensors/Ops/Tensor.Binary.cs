using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>this + other, broadcasting.</summary>
    public Tensor Add(Tensor other) => Binary(BinaryKind.Add, this, other, "add");

    /// <summary>this − other, broadcasting.</summary>
    public Tensor Sub(Tensor other) => Binary(BinaryKind.Sub, this, other, "sub");

    /// <summary>this · other element-wise, broadcasting.</summary>
    public Tensor Mul(Tensor other) => Binary(BinaryKind.Mul, this, other, "mul");

    /// <summary>this / other element-wise, broadcasting.</summary>
    public Tensor Div(Tensor other) => Binary(BinaryKind.Div, this, other, "div");

    /// <summary>this raised to other element-wise, broadcasting.</summary>
    public Tensor Pow(Tensor exponent) => Binary(BinaryKind.Pow, this, exponent, "pow");

    /// <summary>Element-wise maximum (NaN propagates; on ties the gradient is split equally, as in PyTorch).</summary>
    public Tensor Maximum(Tensor other) => Binary(BinaryKind.Maximum, this, other, "maximum");

    /// <summary>Element-wise minimum (NaN propagates; on ties the gradient is split equally, as in PyTorch).</summary>
    public Tensor Minimum(Tensor other) => Binary(BinaryKind.Minimum, this, other, "minimum");

    /// <summary>Mask (1 or 0) of this == other.</summary>
    public Tensor Eq(Tensor other) => Binary(BinaryKind.Equal, this, other, "eq");

    /// <summary>Mask (1 or 0) of this != other.</summary>
    public Tensor Ne(Tensor other) => Binary(BinaryKind.NotEqual, this, other, "ne");

    /// <summary>Mask (1 or 0) of this &lt; other.</summary>
    public Tensor Lt(Tensor other) => Binary(BinaryKind.Less, this, other, "lt");

    /// <summary>Mask (1 or 0) of this &lt;= other.</summary>
    public Tensor Le(Tensor other) => Binary(BinaryKind.LessEqual, this, other, "le");

    /// <summary>Mask (1 or 0) of this &gt; other.</summary>
    public Tensor Gt(Tensor other) => Binary(BinaryKind.Greater, this, other, "gt");

    /// <summary>Mask (1 or 0) of this &gt;= other.</summary>
    public Tensor Ge(Tensor other) => Binary(BinaryKind.GreaterEqual, this, other, "ge");

    internal static Tensor Binary(BinaryKind kind, Tensor a, Tensor b, string name)
    {
        Span<int> buffer = stackalloc int[Dims.MaxRank];
        int rank = ShapeMath.Broadcast(a.Shape, b.Shape, buffer, name);
        ReadOnlySpan<int> shape = buffer[..rank];
        Span<int> sa = stackalloc int[rank];
        Span<int> sb = stackalloc int[rank];
        ShapeMath.BroadcastStrides(a.Shape, a.Strides, shape, sa);
        ShapeMath.BroadcastStrides(b.Shape, b.Strides, shape, sb);
        var result = Allocate(shape);
        unsafe
        {
            Elementwise.Binary(kind, shape, result.Pointer, result.Strides, a.Pointer, sa, b.Pointer, sb);
        }
        if (kind < BinaryKind.Equal && Autograd.IsEnabled && (a.RequiresGrad || b.RequiresGrad))
            result.SetGradFn(new BinaryNode(name, kind, a, b, result));
        return result;
    }

    /// <summary>Sums <paramref name="g"/> over the dimensions that broadcasting expanded, giving <paramref name="shape"/>.</summary>
    internal static Tensor SumTo(Tensor g, ReadOnlySpan<int> shape)
    {
        if (ShapeMath.SameShape(g.Shape, shape)) return g;
        var result = Zeros(shape);
        Span<int> ds = stackalloc int[g.Rank];
        ShapeMath.BroadcastStrides(shape, result.Strides, g.Shape, ds);
        unsafe
        {
            Elementwise.Accumulate(g.Shape, result.Pointer, ds, g.Pointer, g.Strides);
        }
        return result;
    }

    internal void SetGradFn(Node node)
    {
        GradFn = node;
        _requiresGrad = true;
    }

    private sealed class BinaryNode(string name, BinaryKind kind, Tensor a, Tensor b, Tensor output) : Node(name, a, b)
    {
        private Tensor? _output = output;

        protected internal override void Backward(Tensor g, Span<Tensor?> grads)
        {
            var a = Input(0);
            var b = Input(1);
            switch (kind)
            {
                case BinaryKind.Add:
                    if (NeedsGrad(0)) grads[0] = SumTo(g, a.Shape);
                    if (NeedsGrad(1)) grads[1] = SumTo(g, b.Shape);
                    break;
                case BinaryKind.Sub:
                    if (NeedsGrad(0)) grads[0] = SumTo(g, a.Shape);
                    if (NeedsGrad(1)) grads[1] = SumTo(g.Neg(), b.Shape);
                    break;
                case BinaryKind.Mul:
                    if (NeedsGrad(0)) grads[0] = SumTo(g.Mul(b), a.Shape);
                    if (NeedsGrad(1)) grads[1] = SumTo(g.Mul(a), b.Shape);
                    break;
                case BinaryKind.Div:
                    if (NeedsGrad(0)) grads[0] = SumTo(g.Div(b), a.Shape);
                    if (NeedsGrad(1)) grads[1] = SumTo(g.Mul(_output!).Div(b).Neg(), b.Shape);
                    break;
                case BinaryKind.Pow:
                    if (NeedsGrad(0)) grads[0] = SumTo(g.Mul(b).Mul(a.Pow(b.AddScalar(-1f))), a.Shape);
                    if (NeedsGrad(1))
                    {
                        var zeroBase = a.Eq(Scalar(0f)).Mul(b.Ge(Scalar(0f)));
                        var dPow = Where(zeroBase, Scalar(0f), _output!.Mul(a.Log()));
                        grads[1] = SumTo(g.Mul(dPow), b.Shape);
                    }
                    break;
                case BinaryKind.Maximum:
                case BinaryKind.Minimum:
                {
                    var wins = kind == BinaryKind.Maximum ? a.Gt(b) : a.Lt(b);
                    var share = wins.Add(a.Eq(b).MulScalar(0.5f));
                    if (NeedsGrad(0)) grads[0] = SumTo(g.Mul(share), a.Shape);
                    if (NeedsGrad(1)) grads[1] = SumTo(g.Mul(share.Neg().AddScalar(1f)), b.Shape);
                    break;
                }
                default:
                    throw new InvalidOperationException($"internal: {kind} has no gradient");
            }
        }

        protected override void ReleaseSaved() => _output = null;
    }
}
