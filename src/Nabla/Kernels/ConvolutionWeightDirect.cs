using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>
/// The weight gradient of a convolution with a shallow column matrix (few C/groups·KH·KW rows, as in a first layer
/// with one or three input channels), where a GEMM's MR x NR register tile is mostly empty:
/// <c>dwᵀ[r, o] (+)= Σ_p col[r, p] · dy[o, p]</c> as blocks of 3 column rows x 4 output channels, each block
/// holding 12 Vector512 dot-product accumulators over the pixels (7 loads per 12 FMAs) and reducing them once per
/// image. Leftover rows and channels take single dot products. Needs 512-bit vectors and at least 16 pixels.
/// </summary>
internal static unsafe class ConvolutionWeightDirect
{
    /// <summary>Column rows below which this kernel replaces the GEMM for the weight gradient.</summary>
    public const int MaxRows = 32;

    /// <summary>True when the kernel applies: shallow columns, 512-bit vectors and rows of at least 16 pixels.</summary>
    public static bool Applies(int rows, int pixels) =>
        rows < MaxRows && pixels >= 16 && Vector512.IsHardwareAccelerated;

    /// <summary>
    /// dwt[r·ldw + o] = (accumulate ? dwt[r·ldw + o] : 0) + Σ_p col[r·pixels + p] · dy[o·pixels + p] for r &lt; rows,
    /// o &lt; channels.
    /// </summary>
    public static void Run(int rows, int channels, int pixels, float* col, float* dy, float* dwt, int ldw, bool accumulate)
    {
        int r = 0;
        for (; r + 3 <= rows; r += 3)
        {
            int o = 0;
            for (; o + 4 <= channels; o += 4) Block(pixels, col + r * pixels, dy + o * pixels, dwt + r * ldw + o, ldw, accumulate);
            for (; o < channels; o++)
                for (int i = 0; i < 3; i++) Single(pixels, col + (r + i) * pixels, dy + o * pixels, dwt + (r + i) * ldw + o, accumulate);
        }
        for (; r < rows; r++)
            for (int o = 0; o < channels; o++) Single(pixels, col + r * pixels, dy + o * pixels, dwt + r * ldw + o, accumulate);
    }

    /// <summary>The lanes of the last, overlapping vector that the full vectors have not covered yet.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> TailMask(int pixels)
    {
        int covered = 16 - (pixels & 15);
        return Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(covered)).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block(int pixels, float* c, float* d, float* out0, int ldw, bool accumulate)
    {
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector512<float> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default;
        float* c1 = c + pixels, c2 = c1 + pixels, d1 = d + pixels, d2 = d1 + pixels, d3 = d2 + pixels;
        int p = 0;
        for (; p + 16 <= pixels; p += 16)
        {
            var x0 = Vector512.Load(c + p); var x1 = Vector512.Load(c1 + p); var x2 = Vector512.Load(c2 + p);
            var y0 = Vector512.Load(d + p); var y1 = Vector512.Load(d1 + p); var y2 = Vector512.Load(d2 + p); var y3 = Vector512.Load(d3 + p);
            a00 = Vector512.FusedMultiplyAdd(x0, y0, a00); a01 = Vector512.FusedMultiplyAdd(x0, y1, a01);
            a02 = Vector512.FusedMultiplyAdd(x0, y2, a02); a03 = Vector512.FusedMultiplyAdd(x0, y3, a03);
            a10 = Vector512.FusedMultiplyAdd(x1, y0, a10); a11 = Vector512.FusedMultiplyAdd(x1, y1, a11);
            a12 = Vector512.FusedMultiplyAdd(x1, y2, a12); a13 = Vector512.FusedMultiplyAdd(x1, y3, a13);
            a20 = Vector512.FusedMultiplyAdd(x2, y0, a20); a21 = Vector512.FusedMultiplyAdd(x2, y1, a21);
            a22 = Vector512.FusedMultiplyAdd(x2, y2, a22); a23 = Vector512.FusedMultiplyAdd(x2, y3, a23);
        }
        if (p < pixels)
        {
            int t = pixels - 16;
            var mask = TailMask(pixels);
            var x0 = Vector512.Load(c + t) & mask; var x1 = Vector512.Load(c1 + t) & mask; var x2 = Vector512.Load(c2 + t) & mask;
            var y0 = Vector512.Load(d + t); var y1 = Vector512.Load(d1 + t); var y2 = Vector512.Load(d2 + t); var y3 = Vector512.Load(d3 + t);
            a00 = Vector512.FusedMultiplyAdd(x0, y0, a00); a01 = Vector512.FusedMultiplyAdd(x0, y1, a01);
            a02 = Vector512.FusedMultiplyAdd(x0, y2, a02); a03 = Vector512.FusedMultiplyAdd(x0, y3, a03);
            a10 = Vector512.FusedMultiplyAdd(x1, y0, a10); a11 = Vector512.FusedMultiplyAdd(x1, y1, a11);
            a12 = Vector512.FusedMultiplyAdd(x1, y2, a12); a13 = Vector512.FusedMultiplyAdd(x1, y3, a13);
            a20 = Vector512.FusedMultiplyAdd(x2, y0, a20); a21 = Vector512.FusedMultiplyAdd(x2, y1, a21);
            a22 = Vector512.FusedMultiplyAdd(x2, y2, a22); a23 = Vector512.FusedMultiplyAdd(x2, y3, a23);
        }
        Store(out0, accumulate, a00, a01, a02, a03);
        Store(out0 + ldw, accumulate, a10, a11, a12, a13);
        Store(out0 + 2 * ldw, accumulate, a20, a21, a22, a23);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* dst, bool accumulate, Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3)
    {
        float v0 = Vector512.Sum(s0), v1 = Vector512.Sum(s1), v2 = Vector512.Sum(s2), v3 = Vector512.Sum(s3);
        if (accumulate)
        {
            dst[0] += v0; dst[1] += v1; dst[2] += v2; dst[3] += v3;
        }
        else
        {
            dst[0] = v0; dst[1] = v1; dst[2] = v2; dst[3] = v3;
        }
    }

    private static void Single(int pixels, float* c, float* d, float* dst, bool accumulate)
    {
        var acc = Vector512<float>.Zero;
        int p = 0;
        for (; p + 16 <= pixels; p += 16) acc = Vector512.FusedMultiplyAdd(Vector512.Load(c + p), Vector512.Load(d + p), acc);
        if (p < pixels)
            acc = Vector512.FusedMultiplyAdd(Vector512.Load(c + pixels - 16) & TailMask(pixels), Vector512.Load(d + pixels - 16), acc);
        float v = Vector512.Sum(acc);
        *dst = accumulate ? *dst + v : v;
    }
}
