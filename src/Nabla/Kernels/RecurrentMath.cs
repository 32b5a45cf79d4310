using System.Numerics;
using System.Runtime.CompilerServices;

namespace Nabla.Kernels;

/// <summary>
/// exp, σ and tanh on one SIMD vector at a time, so that the fused recurrent kernels apply every gate
/// nonlinearity and the state update in a single pass over a row (no temporaries, no per-call overhead).
/// Cephes' single-precision algorithms: exp(x) = 2ⁿ·p(r) with n = ⌊x·log₂e + ½⌋, r = x − n·ln 2 and a degree-6
/// polynomial; σ(x) = 1 / (1 + exp(−x)); tanh(x) = x + x³·q(x²) for |x| &lt; 0.625, otherwise
/// sign(x)·(1 − e) / (1 + e) with e = exp(−2|x|). Relative error a few ulp over the whole range; saturates
/// cleanly (σ → 0 or 1, tanh → ±1) and propagates NaN.
/// </summary>
internal static class RecurrentMath
{
    /// <summary>eˣ, with x clamped to [−87.3, 88] (the normal float range of the result).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Exp(Vector<float> x)
    {
        x = Vector.Min(Vector.Max(x, new Vector<float>(-87.33654f)), new Vector<float>(88f));
        var n = Vector.Floor(Vector.FusedMultiplyAdd(x, new Vector<float>(1.44269504088896341f), new Vector<float>(0.5f)));
        var r = Vector.FusedMultiplyAdd(n, new Vector<float>(-0.693359375f), x);
        r = Vector.FusedMultiplyAdd(n, new Vector<float>(2.12194440e-4f), r);
        var p = Vector.FusedMultiplyAdd(new Vector<float>(1.9875691500e-4f), r, new Vector<float>(1.3981999507e-3f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(8.3334519073e-3f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(4.1665795894e-2f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1.6666665459e-1f));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(5.0000001201e-1f));
        p = Vector.FusedMultiplyAdd(p, r * r, r) + Vector<float>.One;
        var scale = Vector.AsVectorSingle(Vector.ShiftLeft(Vector.ConvertToInt32(n) + new Vector<int>(127), 23));
        return p * scale;
    }

    /// <summary>σ(x) = 1 / (1 + e⁻ˣ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Sigmoid(Vector<float> x) => Vector<float>.One / (Vector<float>.One + Exp(-x));

    /// <summary>tanh(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Tanh(Vector<float> x)
    {
        var ax = Vector.Abs(x);
        var e = Exp(new Vector<float>(-2f) * ax);
        var large = (Vector<float>.One - e) / (Vector<float>.One + e);
        var sign = Vector.AsVectorSingle(Vector.AsVectorInt32(x) & new Vector<int>(int.MinValue));
        large = Vector.AsVectorSingle(Vector.AsVectorInt32(large) | Vector.AsVectorInt32(sign));
        var z = x * x;
        var q = Vector.FusedMultiplyAdd(new Vector<float>(-5.70498872745e-3f), z, new Vector<float>(2.06390887954e-2f));
        q = Vector.FusedMultiplyAdd(q, z, new Vector<float>(-5.37397155531e-2f));
        q = Vector.FusedMultiplyAdd(q, z, new Vector<float>(1.33314422036e-1f));
        q = Vector.FusedMultiplyAdd(q, z, new Vector<float>(-3.33332819422e-1f));
        var small = Vector.FusedMultiplyAdd(q * z, x, x);
        return Vector.ConditionalSelect(Vector.LessThan(ax, new Vector<float>(0.625f)), small, large);
    }

    /// <summary>Scalar σ for the tail of a row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}
