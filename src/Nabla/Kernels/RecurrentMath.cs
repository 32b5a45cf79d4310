using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>
/// exp, σ and tanh on one SIMD vector at a time (<see cref="Vector512{T}"/> where accelerated, else
/// <see cref="Vector{T}"/>), so that the fused recurrent kernels apply every gate nonlinearity and the state
/// update in a single pass over a row. Cephes' single-precision algorithms: exp(x) = 2ⁿ·p(r) with
/// n = ⌊x·log₂e + ½⌋, r = x − n·ln 2 and a degree-6 polynomial p; σ(x) = 1 / (1 + exp(−x));
/// tanh(x) = x + x³·q(x²) for |x| &lt; 0.625, otherwise sign(x)·(1 − e) / (1 + e) with e = exp(−2|x|).
/// Relative error a few ulp; exp's argument is clamped to [−87.3, 88] (so σ and tanh saturate cleanly at 0, 1
/// and ±1), and NaN propagates (the clamp keeps it: x86's max returns its second operand when one is NaN).
/// </summary>
internal static class RecurrentMath
{
    /// <summary>eˣ on 16 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        x = Vector512.MinNative(Vector512.Create(88f), Vector512.MaxNative(Vector512.Create(-87.33654f), x));
        var n = Vector512.Floor(Vector512.FusedMultiplyAdd(x, Vector512.Create(1.44269504088896341f), Vector512.Create(0.5f)));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-0.693359375f), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(2.12194440e-4f), r);
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(1.9875691500e-4f), r, Vector512.Create(1.3981999507e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(8.3334519073e-3f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(4.1665795894e-2f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1.6666665459e-1f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(5.0000001201e-1f));
        p = Vector512.FusedMultiplyAdd(p, r * r, r) + Vector512<float>.One;
        var scale = (Vector512.ConvertToInt32Native(n) + Vector512.Create(127)) << 23;
        return p * scale.AsSingle();
    }

    /// <summary>σ(x) = 1 / (1 + e⁻ˣ) on 16 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Exp(-x));

    /// <summary>tanh(x) on 16 lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        var ax = Vector512.Abs(x);
        var e = Exp(Vector512.Create(-2f) * ax);
        var large = (Vector512<float>.One - e) / (Vector512<float>.One + e);
        large |= x & Vector512.Create(-0f);
        var z = x * x;
        var q = Vector512.FusedMultiplyAdd(Vector512.Create(-5.70498872745e-3f), z, Vector512.Create(2.06390887954e-2f));
        q = Vector512.FusedMultiplyAdd(q, z, Vector512.Create(-5.37397155531e-2f));
        q = Vector512.FusedMultiplyAdd(q, z, Vector512.Create(1.33314422036e-1f));
        q = Vector512.FusedMultiplyAdd(q, z, Vector512.Create(-3.33332819422e-1f));
        var small = Vector512.FusedMultiplyAdd(q * z, x, x);
        return Vector512.ConditionalSelect(Vector512.LessThan(ax, Vector512.Create(0.625f)), small, large);
    }

    /// <summary>eˣ on <see cref="Vector{T}.Count"/> lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Exp(Vector<float> x)
    {
        x = Vector.MinNative(new Vector<float>(88f), Vector.MaxNative(new Vector<float>(-87.33654f), x));
        var n = Vector.Floor(Vector.FusedMultiplyAdd(x, new Vector<float>(1.44269504088896341f), new Vector<float>(0.5f)));
        var r = Vector.FusedMultiplyAdd(n, new Vector<float>(-0.693359375f), x);
        r = Vector.FusedMultiplyAdd(n, new Vector<float>(2.12194440e-4f), r);
        var p = Vector.FusedMultiplyAdd(new Vector<float>(1.9875691500e-4f), r, new Vector<float>(1.3981999507e-3f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(8.3334519073e-3f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(4.1665795894e-2f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1.6666665459e-1f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(5.0000001201e-1f));
        p = Vector.FusedMultiplyAdd(p, r * r, r) + Vector<float>.One;
        var scale = Vector.ShiftLeft(Vector.ConvertToInt32Native(n) + new Vector<int>(127), 23);
        return p * Vector.AsVectorSingle(scale);
    }

    /// <summary>σ(x) = 1 / (1 + e⁻ˣ) on <see cref="Vector{T}.Count"/> lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Sigmoid(Vector<float> x) => Vector<float>.One / (Vector<float>.One + Exp(-x));

    /// <summary>tanh(x) on <see cref="Vector{T}.Count"/> lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Tanh(Vector<float> x)
    {
        var ax = Vector.Abs(x);
        var e = Exp(new Vector<float>(-2f) * ax);
        var large = (Vector<float>.One - e) / (Vector<float>.One + e);
        large |= x & new Vector<float>(-0f);
        var z = x * x;
        var q = Vector.FusedMultiplyAdd(new Vector<float>(-5.70498872745e-3f), z, new Vector<float>(2.06390887954e-2f));
        q = Vector.FusedMultiplyAdd(q, z, new Vector<float>(-5.37397155531e-2f));
        q = Vector.FusedMultiplyAdd(q, z, new Vector<float>(1.33314422036e-1f));
        q = Vector.FusedMultiplyAdd(q, z, new Vector<float>(-3.33332819422e-1f));
        var small = Vector.FusedMultiplyAdd(q * z, x, x);
        return Vector.ConditionalSelect(Vector.LessThan(ax, new Vector<float>(0.625f)), small, large);
    }

    /// <summary>Scalar σ for the tail of a row.</summary>
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
