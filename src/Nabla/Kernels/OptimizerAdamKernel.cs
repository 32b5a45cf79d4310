using System.Numerics;
using System.Runtime.CompilerServices;

namespace Nabla.Kernels;

/// <summary>
/// Fused Adam / AdamW update: d = s·g (+ wd·p when coupled); p = p·(1 − lr·wd) when decoupled;
/// m = β₁m + (1−β₁)d; v = β₂v + (1−β₂)d²; v̂ = amsgrad ? max(v̂, v) : v;
/// p = p − stepSize·m / (√v̂ / √bc₂ + ε). Streams: A = exp_avg, B = exp_avg_sq, C = max_exp_avg_sq (amsgrad only).
/// </summary>
internal unsafe struct AdamUpdate : IFusedUpdate
{
    public float GradScale, CoupledDecay, DecoupledFactor, Beta1, OneMinusBeta1, Beta2, OneMinusBeta2;
    public float Bc2Sqrt, Eps, NegStepSize;
    public bool Decoupled, AmsGrad;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(float* p, float* g, float* a, float* b, float* c)
    {
        var vp = Vec.Load(p);
        var d = Vec.Load(g) * GradScale;
        if (CoupledDecay != 0f) d += vp * CoupledDecay;
        if (Decoupled) vp *= DecoupledFactor;
        var m = Vec.Load(a) * Beta1 + d * OneMinusBeta1;
        var v = Vec.Load(b) * Beta2 + d * OneMinusBeta2 * d;
        Vec.Store(a, m);
        Vec.Store(b, v);
        if (AmsGrad)
        {
            v = Vector.Max(Vec.Load(c), v);
            Vec.Store(c, v);
        }
        var denom = Vector.SquareRoot(v) / Bc2Sqrt + new Vector<float>(Eps);
        Vec.Store(p, vp + m / denom * NegStepSize);
    }
}
