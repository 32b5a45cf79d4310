using Nabla.Kernels;

namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>−x.</summary>
    public Tensor Neg() => Unary(UnaryKind.Neg, "neg");
    /// <summary>|x| (gradient 0 at 0).</summary>
    public Tensor Abs() => Unary(UnaryKind.Abs, "abs");
    /// <summary>eˣ.</summary>
    public Tensor Exp() => Unary(UnaryKind.Exp, "exp");
    /// <summary>ln x.</summary>
    public Tensor Log() => Unary(UnaryKind.Log, "log");
    /// <summary>ln(1 + x), accurate for small x.</summary>
    public Tensor Log1p() => Unary(UnaryKind.Log1p, "log1p");
    /// <summary>√x.</summary>
    public Tensor Sqrt() => Unary(UnaryKind.Sqrt, "sqrt");
    /// <summary>1/√x.</summary>
    public Tensor Rsqrt() => Unary(UnaryKind.Rsqrt, "rsqrt");
    /// <summary>x².</summary>
    public Tensor Square() => Unary(UnaryKind.Square, "square");
    /// <summary>sin x.</summary>
    public Tensor Sin() => Unary(UnaryKind.Sin, "sin");
    /// <summary>cos x.</summary>
    public Tensor Cos() => Unary(UnaryKind.Cos, "cos");
    /// <summary>σ(x) = 1/(1 + e⁻ˣ).</summary>
    public Tensor Sigmoid() => Unary(UnaryKind.Sigmoid, "sigmoid");
    /// <summary>tanh x.</summary>
    public Tensor Tanh() => Unary(UnaryKind.Tanh, "tanh");
    /// <summary>max(x, 0) (gradient 0 at 0).</summary>
    public Tensor Relu() => Unary(UnaryKind.Relu, "relu");
    /// <summary>x for x &gt; 0, slope·x otherwise.</summary>
    public Tensor LeakyRelu(float negativeSlope = 0.01f) => Unary(UnaryKind.LeakyRelu, "leaky_relu", negativeSlope);
    /// <summary>x for x &gt; 0, α(eˣ − 1) otherwise.</summary>
    public Tensor Elu(float alpha = 1f) => Unary(UnaryKind.Elu, "elu", alpha);

    /// <summary>GELU: x·Φ(x) with the exact normal CDF, or 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))) when <paramref name="tanhApproximation"/>.</summary>
    public Tensor Gelu(bool tanhApproximation = false) =>
        tanhApproximation ? Unary(UnaryKind.GeluTanh, "gelu") : Unary(UnaryKind.GeluErf, "gelu");

    /// <summary>ln(1 + e^(βx))/β, and x itself where βx &gt; threshold (PyTorch's defaults β = 1, threshold = 20).</summary>
    public Tensor Softplus(float beta = 1f, float threshold = 20f) => Unary(UnaryKind.Softplus, "softplus", beta, threshold);
    /// <summary>SiLU (swish): x·σ(x).</summary>
    public Tensor Silu() => Unary(UnaryKind.Silu, "silu");

    /// <summary>Limits values to [min, max]; the gradient passes where min ≤ x ≤ max.</summary>
    public Tensor Clamp(float min = float.NegativeInfinity, float max = float.PositiveInfinity)
    {
        if (min > max) throw new ArgumentException($"clamp: min {min} is greater than max {max}");
        return Unary(UnaryKind.Clamp, "clamp", min, max);
    }

    /// <summary>xᵖ for a constant exponent.</summary>
    public Tensor Pow(float exponent) => Unary(UnaryKind.PowScalar, "pow", exponent);

    /// <summary>x + c.</summary>
    public Tensor AddScalar(float c) => Unary(UnaryKind.Affine, "add", 1f, c);

    /// <summary>x · c.</summary>
    public Tensor MulScalar(float c) => Unary(UnaryKind.Affine, "mul", c, 0f);

    private Tensor Unary(UnaryKind kind, string name, float p1 = 0f, float p2 = 0f)
    {
        var result = Allocate(Shape);
        unsafe
        {
            Elementwise.Unary(kind, p1, p2, Shape, result.Pointer, result.Strides, Pointer, Strides);
        }
        if (RequiresGrad && Autograd.IsEnabled)
            result.SetGradFn(new UnaryNode(name, kind, p1, p2, this, result));
        return result;
    }

    private sealed class UnaryNode(string name, UnaryKind kind, float p1, float p2, Tensor input, Tensor output)
        : Node(name, input)
    {
        private Tensor? _output = output;

        protected internal override void Backward(Tensor g, Span<Tensor?> grads)
        {
            var at = UnaryDerivative.UsesOutput(kind) ? _output! : Input(0);
            var dx = Allocate(at.Shape);
            unsafe
            {
                Elementwise.UnaryGrad(kind, p1, p2, at.Shape, dx.Pointer, dx.Strides, g.Pointer, g.Strides, at.Pointer, at.Strides);
            }
            grads[0] = dx;
        }

        protected override void ReleaseSaved() => _output = null;
    }
}
