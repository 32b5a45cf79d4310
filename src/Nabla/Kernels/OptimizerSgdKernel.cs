using System.Numerics;
using System.Runtime.CompilerServices;

namespace Nabla.Kernels;

/// <summary>
/// Fused SGD update: d = s·g (+ wd·p); buf = first ? d : μ·buf + (1−τ)·d; d = nesterov ? d + μ·buf : buf;
/// p = p − lr·d. Streams: A = momentum buffer (null without momentum).
/// </summary>
internal unsafe struct SgdUpdate : IFusedUpdate
{
    public float GradScale, WeightDecay, Momentum, DampFactor, NegLr;
    public bool UseMomentum, FirstStep, Nesterov;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(float* p, float* g, float* a, float* b, float* c)
    {
        var vp = Vec.Load(p);
        var d = Vec.Load(g) * GradScale;
        if (WeightDecay != 0f) d += vp * WeightDecay;
        if (UseMomentum)
        {
            var buf = FirstStep ? d : Vec.Load(a) * Momentum + d * DampFactor;
            Vec.Store(a, buf);
            d = Nesterov ? d + buf * Momentum : buf;
        }
        Vec.Store(p, vp + d * NegLr);
    }
}

/// <summary>Unaligned <see cref="Vector{T}"/> loads and stores for the optimizer kernels.</summary>
internal static unsafe class Vec
{
    /// <summary>Loads one vector from <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Load(float* p) => Unsafe.ReadUnaligned<Vector<float>>(p);

    /// <summary>Stores one vector at <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* p, Vector<float> v) => Unsafe.WriteUnaligned(p, v);
}
