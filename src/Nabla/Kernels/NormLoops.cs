using System.Numerics;

namespace Nabla.Kernels;

/// <summary>
/// SIMD inner loops shared by the normalization kernels (batch, layer and group norm). Each works on one
/// contiguous run; sums use vector accumulators in float32 within a run and are returned as float64, so callers
/// add runs together in float64.
/// </summary>
internal static unsafe class NormLoops
{
    /// <summary>Σ(x − k) and Σ(x − k)² over a run (the shifted-data moments: k near the mean avoids cancellation).</summary>
    public static (double Sum, double SumSquares) ShiftedMoments(float* x, int n, float k)
    {
        int w = Vector<float>.Count;
        var vk = new Vector<float>(k);
        Vector<float> s1a = Vector<float>.Zero, s2a = Vector<float>.Zero, s1b = Vector<float>.Zero, s2b = Vector<float>.Zero;
        int i = 0;
        for (; i <= n - 2 * w; i += 2 * w)
        {
            var d0 = Vector.Load(x + i) - vk;
            var d1 = Vector.Load(x + i + w) - vk;
            s1a += d0;
            s2a += d0 * d0;
            s1b += d1;
            s2b += d1 * d1;
        }
        for (; i <= n - w; i += w)
        {
            var d = Vector.Load(x + i) - vk;
            s1a += d;
            s2a += d * d;
        }
        double sum = Vector.Sum(s1a + s1b), squares = Vector.Sum(s2a + s2b);
        for (; i < n; i++)
        {
            double d = x[i] - k;
            sum += d;
            squares += d * d;
        }
        return (sum, squares);
    }

    /// <summary>Σg and Σg·(x − mean) over a run.</summary>
    public static (double SumG, double SumGX) GradMoments(float* g, float* x, int n, float mean)
    {
        int w = Vector<float>.Count;
        var vm = new Vector<float>(mean);
        Vector<float> sg = Vector<float>.Zero, sgx = Vector<float>.Zero;
        int i = 0;
        for (; i <= n - w; i += w)
        {
            var vg = Vector.Load(g + i);
            sg += vg;
            sgx += vg * (Vector.Load(x + i) - vm);
        }
        double a = Vector.Sum(sg), b = Vector.Sum(sgx);
        for (; i < n; i++)
        {
            a += g[i];
            b += (double)g[i] * (x[i] - mean);
        }
        return (a, b);
    }

    /// <summary>Σ g·w and Σ g·w·(x − mean) over a run, with w = 1 where <paramref name="weight"/> is null.</summary>
    public static (double SumGW, double SumGWX) WeightedGradMoments(float* g, float* x, float* weight, int n, float mean)
    {
        if (weight is null) return GradMoments(g, x, n, mean);
        int w = Vector<float>.Count;
        var vm = new Vector<float>(mean);
        Vector<float> sg = Vector<float>.Zero, sgx = Vector<float>.Zero;
        int i = 0;
        for (; i <= n - w; i += w)
        {
            var vg = Vector.Load(g + i) * Vector.Load(weight + i);
            sg += vg;
            sgx += vg * (Vector.Load(x + i) - vm);
        }
        double a = Vector.Sum(sg), b = Vector.Sum(sgx);
        for (; i < n; i++)
        {
            double gw = (double)g[i] * weight[i];
            a += gw;
            b += gw * (x[i] - mean);
        }
        return (a, b);
    }

    /// <summary>y = x·scale + shift over a run.</summary>
    public static void Affine(float* x, float* y, int n, float scale, float shift)
    {
        int w = Vector<float>.Count;
        var vs = new Vector<float>(scale);
        var vb = new Vector<float>(shift);
        int i = 0;
        for (; i <= n - w; i += w) Vector.Store(Vector.FusedMultiplyAdd(Vector.Load(x + i), vs, vb), y + i);
        for (; i < n; i++) y[i] = MathF.FusedMultiplyAdd(x[i], scale, shift);
    }

    /// <summary>y = (x − mean)·rstd·weight + bias over a run; a null weight or bias means 1 or 0.</summary>
    public static void NormalizeRow(float* x, float* y, int n, float mean, float rstd, float* weight, float* bias)
    {
        if (weight is null && bias is null)
        {
            Affine(x, y, n, rstd, -mean * rstd);
            return;
        }
        int w = Vector<float>.Count;
        var vm = new Vector<float>(mean);
        var vr = new Vector<float>(rstd);
        int i = 0;
        for (; i <= n - w; i += w)
        {
            var xhat = (Vector.Load(x + i) - vm) * vr;
            var vw = weight is null ? Vector<float>.One : Vector.Load(weight + i);
            var vb = bias is null ? Vector<float>.Zero : Vector.Load(bias + i);
            Vector.Store(Vector.FusedMultiplyAdd(xhat, vw, vb), y + i);
        }
        for (; i < n; i++)
        {
            float xhat = (x[i] - mean) * rstd;
            y[i] = xhat * (weight is null ? 1f : weight[i]) + (bias is null ? 0f : bias[i]);
        }
    }

    /// <summary>dx = a·g·w + b·x + c over a run (w = 1 where <paramref name="weight"/> is null).</summary>
    public static void Combine(float* g, float* x, float* weight, float* dx, int n, float a, float b, float c)
    {
        int w = Vector<float>.Count;
        var va = new Vector<float>(a);
        var vb = new Vector<float>(b);
        var vc = new Vector<float>(c);
        int i = 0;
        for (; i <= n - w; i += w)
        {
            var vg = weight is null ? Vector.Load(g + i) : Vector.Load(g + i) * Vector.Load(weight + i);
            Vector.Store(Vector.FusedMultiplyAdd(vg, va, Vector.FusedMultiplyAdd(Vector.Load(x + i), vb, vc)), dx + i);
        }
        for (; i < n; i++)
        {
            float gw = weight is null ? g[i] : g[i] * weight[i];
            dx[i] = gw * a + (x[i] * b + c);
        }
    }

    /// <summary>dWeight += g·(x − mean)·rstd and dBias += g over a run (either target may be null).</summary>
    public static void AccumulateAffineGrad(float* g, float* x, int n, float mean, float rstd, float* dWeight, float* dBias)
    {
        int w = Vector<float>.Count;
        var vm = new Vector<float>(mean);
        var vr = new Vector<float>(rstd);
        int i = 0;
        for (; i <= n - w; i += w)
        {
            var vg = Vector.Load(g + i);
            if (dWeight is not null)
                Vector.Store(Vector.FusedMultiplyAdd(vg, (Vector.Load(x + i) - vm) * vr, Vector.Load(dWeight + i)), dWeight + i);
            if (dBias is not null) Vector.Store(Vector.Load(dBias + i) + vg, dBias + i);
        }
        for (; i < n; i++)
        {
            if (dWeight is not null) dWeight[i] += g[i] * ((x[i] - mean) * rstd);
            if (dBias is not null) dBias[i] += g[i];
        }
    }
}
