namespace Nabla.Kernels;

/// <summary>
/// Scalar definitions of each unary op and its derivative, matching PyTorch's conventions (ReLU′(0) = 0,
/// |x|′(0) = 0, clamp passes the gradient on the closed interval [min, max], softplus is linear above its threshold).
/// <see cref="UsesOutput"/> tells whether the derivative is written in terms of the op's output (y) instead of its input.
/// </summary>
internal static class UnaryDerivative
{
    private const float SqrtTwoOverPi = 0.7978845608028654f;
    private const float GeluCoeff = 0.044715f;
    private const double SeluAlpha = 1.6732632423543772848170429916717;
    private const double SeluScale = 1.0507009873554804934193349852946;

    public static bool UsesOutput(UnaryKind kind) =>
        kind is UnaryKind.Exp or UnaryKind.Sqrt or UnaryKind.Rsqrt or UnaryKind.Sigmoid or UnaryKind.Tanh;

    public static float Forward(UnaryKind kind, float p1, float p2, float x) => kind switch
    {
        UnaryKind.Neg => -x,
        UnaryKind.Abs => MathF.Abs(x),
        UnaryKind.Exp => MathF.Exp(x),
        UnaryKind.Log => MathF.Log(x),
        UnaryKind.Log1p => (float)Math.Log(1.0 + x),
        UnaryKind.Sqrt => MathF.Sqrt(x),
        UnaryKind.Rsqrt => (float)(1.0 / Math.Sqrt(x)),
        UnaryKind.Square => x * x,
        UnaryKind.Sin => MathF.Sin(x),
        UnaryKind.Cos => MathF.Cos(x),
        UnaryKind.Sigmoid => (float)(1.0 / (1.0 + Math.Exp(-x))),
        UnaryKind.Tanh => MathF.Tanh(x),
        UnaryKind.Relu => x > 0 ? x : 0f,
        UnaryKind.LeakyRelu => x > 0 ? x : x * p1,
        UnaryKind.Elu => x > 0 ? x : p1 * (float)(Math.Exp(x) - 1.0),
        UnaryKind.GeluErf => (float)(x * SpecialFunctions.NormalCdf(x)),
        UnaryKind.GeluTanh => 0.5f * x * (1f + MathF.Tanh(SqrtTwoOverPi * (x + GeluCoeff * x * x * x))),
        UnaryKind.Softplus => x * p1 > p2 ? x : (float)(Math.Log(1.0 + Math.Exp((double)p1 * x)) / p1),
        UnaryKind.Silu => (float)(x / (1.0 + Math.Exp(-x))),
        UnaryKind.Clamp => MathF.Min(MathF.Max(x, p1), p2),
        UnaryKind.PowScalar => MathF.Pow(x, p1),
        UnaryKind.Affine => x * p1 + p2,
        UnaryKind.Selu => x > 0 ? (float)(SeluScale * x) : (float)(SeluScale * SeluAlpha * (Math.Exp(x) - 1.0)),
        UnaryKind.Mish => (float)(x * Math.Tanh(SoftplusUnbounded(x))),
        UnaryKind.Hardtanh => MathF.Min(MathF.Max(x, p1), p2),
        UnaryKind.Fill => p1,
        UnaryKind.Copy => x,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>f′ at <paramref name="v"/>, which is the input x, or the output y when <see cref="UsesOutput"/>.</summary>
    public static float Derivative(UnaryKind kind, float p1, float p2, float v)
    {
        switch (kind)
        {
            case UnaryKind.Neg: return -1f;
            case UnaryKind.Abs: return v > 0 ? 1f : v < 0 ? -1f : 0f;
            case UnaryKind.Exp: return v;
            case UnaryKind.Log: return 1f / v;
            case UnaryKind.Log1p: return 1f / (1f + v);
            case UnaryKind.Sqrt: return 0.5f / v;
            case UnaryKind.Rsqrt: return -0.5f * v * v * v;
            case UnaryKind.Square: return 2f * v;
            case UnaryKind.Sin: return MathF.Cos(v);
            case UnaryKind.Cos: return -MathF.Sin(v);
            case UnaryKind.Sigmoid: return v * (1f - v);
            case UnaryKind.Tanh: return 1f - v * v;
            case UnaryKind.Relu: return v > 0 ? 1f : 0f;
            case UnaryKind.LeakyRelu: return v > 0 ? 1f : p1;
            case UnaryKind.Elu: return v > 0 ? 1f : p1 * MathF.Exp(v);
            case UnaryKind.GeluErf:
                return (float)(SpecialFunctions.NormalCdf(v) + v * SpecialFunctions.NormalPdf(v));
            case UnaryKind.GeluTanh:
            {
                double x = v;
                double inner = SqrtTwoOverPi * (x + GeluCoeff * x * x * x);
                double t = Math.Tanh(inner);
                double dInner = SqrtTwoOverPi * (1 + 3 * GeluCoeff * x * x);
                return (float)(0.5 * (1 + t) + 0.5 * x * (1 - t * t) * dInner);
            }
            case UnaryKind.Softplus:
                if (v * p1 > p2) return 1f;
                return (float)(1.0 / (1.0 + Math.Exp(-(double)p1 * v)));
            case UnaryKind.Silu:
            {
                double s = 1.0 / (1.0 + Math.Exp(-v));
                return (float)(s * (1 + v * (1 - s)));
            }
            case UnaryKind.Clamp: return v >= p1 && v <= p2 ? 1f : 0f;
            case UnaryKind.PowScalar: return p1 == 0 ? 0f : p1 * MathF.Pow(v, p1 - 1f);
            case UnaryKind.Affine: return p1;
            case UnaryKind.Selu: return v > 0 ? (float)SeluScale : (float)(SeluScale * SeluAlpha * Math.Exp(v));
            case UnaryKind.Mish:
            {
                double t = Math.Tanh(SoftplusUnbounded(v));
                double s = 1.0 / (1.0 + Math.Exp(-(double)v));
                return (float)(t + v * s * (1 - t * t));
            }
            case UnaryKind.Hardtanh: return v > p1 && v < p2 ? 1f : 0f;
            default: throw new ArgumentOutOfRangeException(nameof(kind), $"{kind} has no derivative");
        }
    }

    /// <summary>ln(1 + eˣ) without overflow for large x.</summary>
    private static double SoftplusUnbounded(double x) => x > 20 ? x : Math.Log(1.0 + Math.Exp(x));
}
