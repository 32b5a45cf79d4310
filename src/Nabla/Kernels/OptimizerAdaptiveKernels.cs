using System.Numerics;
using System.Runtime.CompilerServices;

namespace Nabla.Kernels;

/// <summary>
/// Fused Adagrad update: d = s·g (+ wd·p); sum = sum + d²; p = p − clr·d / (√sum + ε). Streams: A = sum.
/// </summary>
internal unsafe struct AdagradUpdate : IFusedUpdate
{
    public float GradScale, WeightDecay, Eps, NegClr;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(float* p, float* g, float* a, float* b, float* c)
    {
        var vp = Vec.Load(p);
        var d = Vec.Load(g) * GradScale;
        if (WeightDecay != 0f) d += vp * WeightDecay;
        var sum = Vec.Load(a) + d * d;
        Vec.Store(a, sum);
        var std = Vector.SquareRoot(sum) + new Vector<float>(Eps);
        Vec.Store(p, vp + d / std * NegClr);
    }
}

/// <summary>
/// Fused RMSprop update: d = s·g (+ wd·p); sq = αsq + (1−α)d²; centered: ga = αga + (1−α)d, avg = √(sq − ga²) + ε,
/// else avg = √sq + ε; momentum: buf = μbuf + d/avg, p = p − lr·buf; else p = p − lr·d/avg.
/// Streams: A = square_avg, B = grad_avg (centered), C = momentum_buffer (momentum &gt; 0).
/// </summary>
internal unsafe struct RmsPropUpdate : IFusedUpdate
{
    public float GradScale, WeightDecay, Alpha, OneMinusAlpha, Eps, Momentum, NegLr;
    public bool Centered, UseMomentum;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(float* p, float* g, float* a, float* b, float* c)
    {
        var vp = Vec.Load(p);
        var d = Vec.Load(g) * GradScale;
        if (WeightDecay != 0f) d += vp * WeightDecay;
        var sq = Vec.Load(a) * Alpha + d * OneMinusAlpha * d;
        Vec.Store(a, sq);
        Vector<float> avg;
        if (Centered)
        {
            var ga = Vec.Load(b) * Alpha + d * OneMinusAlpha;
            Vec.Store(b, ga);
            avg = Vector.SquareRoot(sq - ga * ga);
        }
        else
        {
            avg = Vector.SquareRoot(sq);
        }
        avg += new Vector<float>(Eps);
        if (UseMomentum)
        {
            var buf = Vec.Load(c) * Momentum + d / avg;
            Vec.Store(c, buf);
            Vec.Store(p, vp + buf * NegLr);
        }
        else
        {
            Vec.Store(p, vp + d / avg * NegLr);
        }
    }
}

/// <summary>
/// Fused Adadelta update: d = s·g (+ wd·p); sq = ρsq + (1−ρ)d²; δ = √(acc + ε) / √(sq + ε) · d;
/// acc = ρacc + (1−ρ)δ²; p = p − lr·δ. Streams: A = square_avg, B = acc_delta.
/// </summary>
internal unsafe struct AdadeltaUpdate : IFusedUpdate
{
    public float GradScale, WeightDecay, Rho, OneMinusRho, Eps, NegLr;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(float* p, float* g, float* a, float* b, float* c)
    {
        var vp = Vec.Load(p);
        var d = Vec.Load(g) * GradScale;
        if (WeightDecay != 0f) d += vp * WeightDecay;
        var eps = new Vector<float>(Eps);
        var sq = Vec.Load(a) * Rho + d * OneMinusRho * d;
        Vec.Store(a, sq);
        var std = Vector.SquareRoot(sq + eps);
        var acc = Vec.Load(b);
        var delta = Vector.SquareRoot(acc + eps) / std * d;
        Vec.Store(b, acc * Rho + delta * OneMinusRho * delta);
        Vec.Store(p, vp + delta * NegLr);
    }
}

/// <summary>
/// Fused Adamax update: d = s·g (+ wd·p); m = β₁m + (1−β₁)d; u = max(β₂u, |d| + ε); p = p − clr·m/u.
/// Streams: A = exp_avg, B = exp_inf.
/// </summary>
internal unsafe struct AdamaxUpdate : IFusedUpdate
{
    public float GradScale, WeightDecay, Beta1, OneMinusBeta1, Beta2, Eps, NegClr;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(float* p, float* g, float* a, float* b, float* c)
    {
        var vp = Vec.Load(p);
        var d = Vec.Load(g) * GradScale;
        if (WeightDecay != 0f) d += vp * WeightDecay;
        var m = Vec.Load(a) * Beta1 + d * OneMinusBeta1;
        Vec.Store(a, m);
        var u = Vector.Max(Vec.Load(b) * Beta2, Vector.Abs(d) + new Vector<float>(Eps));
        Vec.Store(b, u);
        Vec.Store(p, vp + m / u * NegClr);
    }
}
