namespace Nabla;

public sealed partial class Tensor
{
    /// <summary>Element-wise sum with broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);
    /// <summary>Element-wise difference with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);
    /// <summary>Element-wise product with broadcasting (use <see cref="MatMul"/> for the matrix product).</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);
    /// <summary>Element-wise quotient with broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);
    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => a.Neg();
    /// <summary>Adds a constant.</summary>
    public static Tensor operator +(Tensor a, float c) => a.AddScalar(c);
    /// <summary>Adds a constant.</summary>
    public static Tensor operator +(float c, Tensor a) => a.AddScalar(c);
    /// <summary>Subtracts a constant.</summary>
    public static Tensor operator -(Tensor a, float c) => a.AddScalar(-c);
    /// <summary>A constant minus the tensor.</summary>
    public static Tensor operator -(float c, Tensor a) => a.Neg().AddScalar(c);
    /// <summary>Multiplies by a constant.</summary>
    public static Tensor operator *(Tensor a, float c) => a.MulScalar(c);
    /// <summary>Multiplies by a constant.</summary>
    public static Tensor operator *(float c, Tensor a) => a.MulScalar(c);
    /// <summary>Divides by a constant.</summary>
    public static Tensor operator /(Tensor a, float c) => a.MulScalar(1f / c);
    /// <summary>A constant divided by the tensor.</summary>
    public static Tensor operator /(float c, Tensor a) => Full(c, ReadOnlySpan<int>.Empty).Div(a);
}
