using System.Numerics;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>
/// One LSTM time step for a batch of rows, gate nonlinearities and the cell update fused in one SIMD pass per row
/// (PyTorch's gate order i, f, g, o): i = σ(aᵢ), f = σ(a_f), g = tanh(a_g), o = σ(aₒ), c′ = f·c + i·g,
/// h′ = o·tanh(c′), where a holds the summed pre-activations Wᵢₕx + bᵢₕ + Wₕₕh + bₕₕ. A row whose sequence has
/// ended (t ≥ its length) keeps its state and outputs zero. 512-bit vectors on <see cref="SimdPath.Vector512"/>,
/// <see cref="Vector{T}"/> otherwise.
/// </summary>
internal static unsafe class RecurrentLstmKernel
{
    /// <summary>
    /// Forward: turns the pre-activations in <paramref name="gates"/> [rows, 4h] into activations in place and writes
    /// c′, h′ and the output y (= h′, or 0 past the row's length).
    /// </summary>
    public static void Forward(int rows, int h, float* gates, float* cPrev, float* hPrev, float* cNew, float* hNew,
                               float* y, int* lengths, int t)
    {
        bool wide = Simd.Path == SimdPath.Vector512;
        for (int r = 0; r < rows; r++)
        {
            long o = (long)r * h;
            float* cp = cPrev + o, cn = cNew + o, hn = hNew + o, yr = y + o;
            if (lengths is not null && t >= lengths[r])
            {
                new ReadOnlySpan<float>(cp, h).CopyTo(new Span<float>(cn, h));
                new ReadOnlySpan<float>(hPrev + o, h).CopyTo(new Span<float>(hn, h));
                new Span<float>(yr, h).Clear();
                continue;
            }
            float* a = gates + 4 * o;
            int j = 0;
            if (wide)
            {
                for (; j <= h - 16; j += 16)
                {
                    var ig = RecurrentMath.Sigmoid(Vector512.Load(a + j));
                    var fg = RecurrentMath.Sigmoid(Vector512.Load(a + h + j));
                    var gg = RecurrentMath.Tanh(Vector512.Load(a + 2 * h + j));
                    var og = RecurrentMath.Sigmoid(Vector512.Load(a + 3 * h + j));
                    ig.Store(a + j);
                    fg.Store(a + h + j);
                    gg.Store(a + 2 * h + j);
                    og.Store(a + 3 * h + j);
                    var c = Vector512.FusedMultiplyAdd(fg, Vector512.Load(cp + j), ig * gg);
                    var hv = og * RecurrentMath.Tanh(c);
                    c.Store(cn + j);
                    hv.Store(hn + j);
                    hv.Store(yr + j);
                }
            }
            for (; j <= h - Vector<float>.Count; j += Vector<float>.Count)
            {
                var ig = RecurrentMath.Sigmoid(Vector.Load(a + j));
                var fg = RecurrentMath.Sigmoid(Vector.Load(a + h + j));
                var gg = RecurrentMath.Tanh(Vector.Load(a + 2 * h + j));
                var og = RecurrentMath.Sigmoid(Vector.Load(a + 3 * h + j));
                Vector.Store(ig, a + j);
                Vector.Store(fg, a + h + j);
                Vector.Store(gg, a + 2 * h + j);
                Vector.Store(og, a + 3 * h + j);
                var c = Vector.FusedMultiplyAdd(fg, Vector.Load(cp + j), ig * gg);
                var hv = og * RecurrentMath.Tanh(c);
                Vector.Store(c, cn + j);
                Vector.Store(hv, hn + j);
                Vector.Store(hv, yr + j);
            }
            for (; j < h; j++)
            {
                float ig = RecurrentMath.Sigmoid(a[j]), fg = RecurrentMath.Sigmoid(a[h + j]);
                float gg = MathF.Tanh(a[2 * h + j]), og = RecurrentMath.Sigmoid(a[3 * h + j]);
                a[j] = ig;
                a[h + j] = fg;
                a[2 * h + j] = gg;
                a[3 * h + j] = og;
                float c = fg * cp[j] + ig * gg;
                cn[j] = c;
                hn[j] = yr[j] = og * MathF.Tanh(c);
            }
        }
    }

    /// <summary>
    /// Backward of one step. With dh = <paramref name="dhIn"/> + dy (dy read only while the row is active) and dc
    /// the incoming cell gradient (in <paramref name="dc"/>): dₒ = dh·tanh(c′), dc += dh·o·(1 − tanh²c′),
    /// dᵢ = dc·g, d_f = dc·c, d_g = dc·i, and the pre-activation gradients dA = (dᵢ·i(1−i), d_f·f(1−f),
    /// d_g(1−g²), dₒ·o(1−o)) go to <paramref name="dGates"/>; dc becomes dc·f (the gradient of c). The part of
    /// the gradient of h that does not pass through Wₕₕ goes to <paramref name="dhOut"/>: 0 for an active row,
    /// dh unchanged for a finished one (whose gate gradients are 0).
    /// </summary>
    public static void Backward(int rows, int h, float* gates, float* cPrev, float* cNew, float* dy, float* dhIn,
                                float* dc, float* dGates, float* dhOut, int* lengths, int t)
    {
        bool wide = Simd.Path == SimdPath.Vector512;
        for (int r = 0; r < rows; r++)
        {
            long o = (long)r * h;
            float* dcr = dc + o, dhi = dhIn + o, dho = dhOut + o, dA = dGates + 4 * o;
            if (lengths is not null && t >= lengths[r])
            {
                new ReadOnlySpan<float>(dhi, h).CopyTo(new Span<float>(dho, h));
                new Span<float>(dA, 4 * h).Clear();
                continue;
            }
            float* a = gates + 4 * o, cp = cPrev + o, cn = cNew + o, dyr = dy is null ? null : dy + o;
            int j = 0;
            if (wide)
            {
                var one = Vector512<float>.One;
                for (; j <= h - 16; j += 16)
                {
                    var dh = Vector512.Load(dhi + j);
                    if (dyr is not null) dh += Vector512.Load(dyr + j);
                    var ig = Vector512.Load(a + j);
                    var fg = Vector512.Load(a + h + j);
                    var gg = Vector512.Load(a + 2 * h + j);
                    var og = Vector512.Load(a + 3 * h + j);
                    var tc = RecurrentMath.Tanh(Vector512.Load(cn + j));
                    var dcv = Vector512.Load(dcr + j) + dh * og * (one - tc * tc);
                    (dcv * gg * ig * (one - ig)).Store(dA + j);
                    (dcv * Vector512.Load(cp + j) * fg * (one - fg)).Store(dA + h + j);
                    (dcv * ig * (one - gg * gg)).Store(dA + 2 * h + j);
                    (dh * tc * og * (one - og)).Store(dA + 3 * h + j);
                    (dcv * fg).Store(dcr + j);
                    Vector512<float>.Zero.Store(dho + j);
                }
            }
            for (; j <= h - Vector<float>.Count; j += Vector<float>.Count)
            {
                var one = Vector<float>.One;
                var dh = Vector.Load(dhi + j);
                if (dyr is not null) dh += Vector.Load(dyr + j);
                var ig = Vector.Load(a + j);
                var fg = Vector.Load(a + h + j);
                var gg = Vector.Load(a + 2 * h + j);
                var og = Vector.Load(a + 3 * h + j);
                var tc = RecurrentMath.Tanh(Vector.Load(cn + j));
                var dcv = Vector.Load(dcr + j) + dh * og * (one - tc * tc);
                Vector.Store(dcv * gg * ig * (one - ig), dA + j);
                Vector.Store(dcv * Vector.Load(cp + j) * fg * (one - fg), dA + h + j);
                Vector.Store(dcv * ig * (one - gg * gg), dA + 2 * h + j);
                Vector.Store(dh * tc * og * (one - og), dA + 3 * h + j);
                Vector.Store(dcv * fg, dcr + j);
                Vector.Store(Vector<float>.Zero, dho + j);
            }
            for (; j < h; j++)
            {
                float dh = dhi[j] + (dyr is null ? 0f : dyr[j]);
                float ig = a[j], fg = a[h + j], gg = a[2 * h + j], og = a[3 * h + j], tc = MathF.Tanh(cn[j]);
                float dcv = dcr[j] + dh * og * (1 - tc * tc);
                dA[j] = dcv * gg * ig * (1 - ig);
                dA[h + j] = dcv * cp[j] * fg * (1 - fg);
                dA[2 * h + j] = dcv * ig * (1 - gg * gg);
                dA[3 * h + j] = dh * tc * og * (1 - og);
                dcr[j] = dcv * fg;
                dho[j] = 0f;
            }
        }
    }
}
