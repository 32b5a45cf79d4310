namespace Nabla.Kernels;

/// <summary>Element-wise unary operations the kernel layer knows; P1/P2 are the op's parameters where it has any.</summary>
internal enum UnaryKind
{
    Neg, Abs, Exp, Log, Log1p, Sqrt, Rsqrt, Square, Sin, Cos,
    Sigmoid, Tanh, Relu,
    /// <summary>P1 = negative slope.</summary>
    LeakyRelu,
    /// <summary>P1 = alpha.</summary>
    Elu,
    GeluErf, GeluTanh,
    /// <summary>P1 = beta, P2 = threshold.</summary>
    Softplus,
    Silu,
    /// <summary>P1 = min, P2 = max.</summary>
    Clamp,
    /// <summary>P1 = exponent.</summary>
    PowScalar,
    /// <summary>P1 = scale: x * P1 + P2.</summary>
    Affine,
    /// <summary>SELU: scale·(max(0, x) + min(0, α(eˣ − 1))) with PyTorch's fixed α and scale.</summary>
    Selu,
    /// <summary>Mish: x·tanh(softplus(x)).</summary>
    Mish,
    /// <summary>P1 = min, P2 = max; like clamp, but the gradient passes only strictly inside (min, max).</summary>
    Hardtanh,
    /// <summary>d = P1 (a constant fill).</summary>
    Fill,
    Copy,
}
