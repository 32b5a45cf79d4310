using System.Numerics;
using System.Runtime.CompilerServices;

namespace Nabla.Kernels;

/// <summary>
/// Fused NAdam update: d = s·g (+ wd·p); m = β₁m + (1−β₁)d; v = β₂v + (1−β₂)d²; denom = √(v / bc₂) + ε;
/// p = p + cGrad·d/denom; p = p + cAvg·m/denom (cGrad, cAvg negative step sizes). Streams: A = exp_avg, B = exp_avg_sq.
/// </summary>
internal unsafe struct NAdamUpdate : IFusedUpdate
{
    public float GradScale, WeightDecay, Beta1, OneMinusBeta1, Beta2, OneMinusBeta2, Bc2, Eps, GradCoef, AvgCoef;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(float* p, float* g, float* a, float* b, float* c)
    {
        var vp = Vec.Load(p);
        var d = Vec.Load(g) * GradScale;
        if (WeightDecay != 0f) d += vp * WeightDecay;
        var m = Vec.Load(a) * Beta1 + d * OneMinusBeta1;
        var v = Vec.Load(b) * Beta2 + d * OneMinusBeta2 * d;
        Vec.Store(a, m);
        Vec.Store(b, v);
        var denom = Vector.SquareRoot(v / Bc2) + new Vector<float>(Eps);
        vp += d / denom * GradCoef;
        Vec.Store(p, vp + m / denom * AvgCoef);
    }
}

/// <summary>
/// Fused RAdam update: d = s·g (+ wd·p); m = β₁m + (1−β₁)d; v = β₂v + (1−β₂)d²; m̂ = m / bc₁;
/// rectified (ρₜ &gt; 5): p = p − m̂·lr·(1 / (√v + ε))·√bc₂·r; else p = p − m̂·lr. Streams: A = exp_avg, B = exp_avg_sq.
/// </summary>
internal unsafe struct RAdamUpdate : IFusedUpdate
{
    public float GradScale, WeightDecay, Beta1, OneMinusBeta1, Beta2, OneMinusBeta2, Bc1, Bc2Sqrt, Eps, Lr, Rect;
    public bool Rectified;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(float* p, float* g, float* a, float* b, float* c)
    {
        var vp = Vec.Load(p);
        var d = Vec.Load(g) * GradScale;
        if (WeightDecay != 0f) d += vp * WeightDecay;
        var m = Vec.Load(a) * Beta1 + d * OneMinusBeta1;
        var v = Vec.Load(b) * Beta2 + d * OneMinusBeta2 * d;
        Vec.Store(a, m);
        Vec.Store(b, v);
        var corrected = m / Bc1;
        Vector<float> update;
        if (Rectified)
        {
            var adaptive = Vector<float>.One / (Vector.SquareRoot(v) + new Vector<float>(Eps)) * Bc2Sqrt;
            update = corrected * Lr * adaptive * Rect;
        }
        else
        {
            update = corrected * Lr;
        }
        Vec.Store(p, vp - update);
    }
}

/// <summary>
/// Fused Lion update: d = s·g; c = β₁m + (1−β₁)d; p = p·(1 − lr·wd) − lr·sign(c); m = β₂m + (1−β₂)d.
/// Streams: A = exp_avg.
/// </summary>
internal unsafe struct LionUpdate : IFusedUpdate
{
    public float GradScale, DecayFactor, Beta1, OneMinusBeta1, Beta2, OneMinusBeta2, Lr;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(float* p, float* g, float* a, float* b, float* c)
    {
        var d = Vec.Load(g) * GradScale;
        var m = Vec.Load(a);
        var blend = m * Beta1 + d * OneMinusBeta1;
        var zero = Vector<float>.Zero;
        var one = Vector<float>.One;
        var sign = Vector.ConditionalSelect(Vector.GreaterThan(blend, zero), one, zero)
                 - Vector.ConditionalSelect(Vector.LessThan(blend, zero), one, zero);
        Vec.Store(p, Vec.Load(p) * DecayFactor - sign * Lr);
        Vec.Store(a, m * Beta2 + d * OneMinusBeta2);
    }
}
