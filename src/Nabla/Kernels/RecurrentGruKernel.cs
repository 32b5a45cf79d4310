using System.Numerics;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>
/// One GRU time step for a batch of rows, fused (PyTorch's gate order r, z, n): with xᵣ, x_z, xₙ the input
/// projections (Wᵢₓx + bᵢ) and hᵣ, h_z, hₙ the hidden ones (Wₕₓh + bₕ): r = σ(xᵣ + hᵣ), z = σ(x_z + h_z),
/// n = tanh(xₙ + r·hₙ), h′ = (1 − z)·n + z·h. A row whose sequence has ended keeps its state and outputs zero.
/// The forward step is one SIMD pass per row (512-bit vectors on <see cref="SimdPath.Vector512"/>,
/// <see cref="Vector{T}"/> otherwise).
/// </summary>
internal static unsafe class RecurrentGruKernel
{
    /// <summary>
    /// Forward: <paramref name="gx"/> [rows, 3h] holds the input projections and receives r, z, n in place;
    /// <paramref name="gh"/> [rows, 3h] holds the hidden projections (kept for backward); writes h′ and y.
    /// </summary>
    public static void Forward(int rows, int h, float* gx, float* gh, float* hPrev, float* hNew, float* y, int* lengths, int t)
    {
        bool wide = Simd.Path == SimdPath.Vector512;
        for (int r = 0; r < rows; r++)
        {
            long o = (long)r * h;
            float* hp = hPrev + o, hn = hNew + o, yr = y + o;
            if (lengths is not null && t >= lengths[r])
            {
                new ReadOnlySpan<float>(hp, h).CopyTo(new Span<float>(hn, h));
                new Span<float>(yr, h).Clear();
                continue;
            }
            float* a = gx + 3 * o, b = gh + 3 * o;
            int j = 0;
            if (wide)
            {
                for (; j <= h - 16; j += 16)
                {
                    var rg = RecurrentMath.Sigmoid(Vector512.Load(a + j) + Vector512.Load(b + j));
                    var zg = RecurrentMath.Sigmoid(Vector512.Load(a + h + j) + Vector512.Load(b + h + j));
                    var ng = RecurrentMath.Tanh(Vector512.FusedMultiplyAdd(rg, Vector512.Load(b + 2 * h + j), Vector512.Load(a + 2 * h + j)));
                    rg.Store(a + j);
                    zg.Store(a + h + j);
                    ng.Store(a + 2 * h + j);
                    var hv = Vector512.FusedMultiplyAdd(zg, Vector512.Load(hp + j) - ng, ng);
                    hv.Store(hn + j);
                    hv.Store(yr + j);
                }
            }
            for (; j <= h - Vector<float>.Count; j += Vector<float>.Count)
            {
                var rg = RecurrentMath.Sigmoid(Vector.Load(a + j) + Vector.Load(b + j));
                var zg = RecurrentMath.Sigmoid(Vector.Load(a + h + j) + Vector.Load(b + h + j));
                var ng = RecurrentMath.Tanh(Vector.FusedMultiplyAdd(rg, Vector.Load(b + 2 * h + j), Vector.Load(a + 2 * h + j)));
                Vector.Store(rg, a + j);
                Vector.Store(zg, a + h + j);
                Vector.Store(ng, a + 2 * h + j);
                var hv = Vector.FusedMultiplyAdd(zg, Vector.Load(hp + j) - ng, ng);
                Vector.Store(hv, hn + j);
                Vector.Store(hv, yr + j);
            }
            for (; j < h; j++)
            {
                float rg = RecurrentMath.Sigmoid(a[j] + b[j]), zg = RecurrentMath.Sigmoid(a[h + j] + b[h + j]);
                float ng = MathF.Tanh(a[2 * h + j] + rg * b[2 * h + j]);
                a[j] = rg;
                a[h + j] = zg;
                a[2 * h + j] = ng;
                hn[j] = yr[j] = ng + zg * (hp[j] - ng);
            }
        }
    }

    /// <summary>
    /// Backward of one step. With dh = <paramref name="dhIn"/> + dy: dn = dh(1 − z)(1 − n²), dz = dh(h − n)z(1 − z),
    /// dr = dn·hₙ·r(1 − r); the input-side gradients (dr, dz, dn) go to <paramref name="dGx"/>, the hidden-side
    /// ones (dr, dz, dn·r) to <paramref name="dGh"/>, and dh·z (the direct path to h) to <paramref name="dhOut"/>.
    /// A finished row passes dh on unchanged with zero gate gradients.
    /// </summary>
    public static void Backward(int rows, int h, float* act, float* gh, float* hPrev, float* dy, float* dhIn,
                                float* dGx, float* dGh, float* dhOut, int* lengths, int t)
    {
        int width = Vector<float>.Count;
        for (int r = 0; r < rows; r++)
        {
            long o = (long)r * h;
            float* dhi = dhIn + o, dho = dhOut + o, dx = dGx + 3 * o, dhh = dGh + 3 * o;
            if (lengths is not null && t >= lengths[r])
            {
                new ReadOnlySpan<float>(dhi, h).CopyTo(new Span<float>(dho, h));
                new Span<float>(dx, 3 * h).Clear();
                new Span<float>(dhh, 3 * h).Clear();
                continue;
            }
            float* a = act + 3 * o, hh = gh + 3 * o + 2 * h, hp = hPrev + o, dyr = dy is null ? null : dy + o;
            var one = Vector<float>.One;
            int j = 0;
            for (; j <= h - width; j += width)
            {
                var dh = Vector.Load(dhi + j);
                if (dyr is not null) dh += Vector.Load(dyr + j);
                var rg = Vector.Load(a + j);
                var zg = Vector.Load(a + h + j);
                var ng = Vector.Load(a + 2 * h + j);
                var dn = dh * (one - zg) * (one - ng * ng);
                var dz = dh * (Vector.Load(hp + j) - ng) * zg * (one - zg);
                var dr = dn * Vector.Load(hh + j) * rg * (one - rg);
                Vector.Store(dr, dx + j);
                Vector.Store(dz, dx + h + j);
                Vector.Store(dn, dx + 2 * h + j);
                Vector.Store(dr, dhh + j);
                Vector.Store(dz, dhh + h + j);
                Vector.Store(dn * rg, dhh + 2 * h + j);
                Vector.Store(dh * zg, dho + j);
            }
            for (; j < h; j++)
            {
                float dh = dhi[j] + (dyr is null ? 0f : dyr[j]);
                float rg = a[j], zg = a[h + j], ng = a[2 * h + j];
                float dn = dh * (1 - zg) * (1 - ng * ng);
                float dz = dh * (hp[j] - ng) * zg * (1 - zg);
                float dr = dn * hh[j] * rg * (1 - rg);
                dx[j] = dr; dx[h + j] = dz; dx[2 * h + j] = dn;
                dhh[j] = dr; dhh[h + j] = dz; dhh[2 * h + j] = dn * rg;
                dho[j] = dh * zg;
            }
        }
    }
}
