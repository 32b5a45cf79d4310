// The three kernels share one shape (written out by a small generator script); keep them in step when editing.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels.GemmInternals;

/// <summary>
/// A register-blocked GEMM micro-kernel: computes an MR x NR tile of C from a packed MR x kc panel of A
/// (MR floats per k step) and a kc x NR panel of B (NR contiguous floats per k step, consecutive k steps ldb
/// apart: NR when packed, the source's row stride when B is read in place), holding the whole tile in
/// vector registers. The tile is stored as C = alpha*AB + beta*C (beta == 0: C is not read), then + bias[j]
/// (bias may be null), then max(., 0) when relu is set.
/// </summary>
internal unsafe interface IMicroKernel
{
    /// <summary>Rows of the register tile.</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the register tile.</summary>
    static abstract int NR { get; }

    /// <summary>Computes one full tile (see the interface summary).</summary>
    static abstract void Run(int kc, float* a, float* b, nint ldb, float* c, nint ldc, float alpha, float beta, float* bias, bool relu);

    /// <summary>
    /// Edge tile: scratch[i*NR + j] = (A panel * B panel)[i, j] for i &lt; mr, j &lt; nr, unscaled (other entries
    /// undefined); the caller merges it into C.
    /// </summary>
    static abstract void RunEdge(int kc, float* a, float* b, nint ldb, int mr, int nr, float* scratch);
}

/// <summary>6x64 tile: 24 Vector512 accumulators + 4 B vectors + 1 broadcast (30 of 32 zmm registers).</summary>
internal unsafe struct Kernel512 : IMicroKernel
{
    public static int MR => 6;
    public static int NR => 64;

    public static void RunEdge(int kc, float* a, float* b, nint ldb, int mr, int nr, float* scratch) =>
        Kernel512Edge.Run(kc, a, b, ldb, mr, nr, scratch);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, nint ldb, float* c, nint ldc, float alpha, float beta, float* bias, bool relu)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(c + 0 * ldc + 0);
            Sse.Prefetch0(c + 0 * ldc + 16);
            Sse.Prefetch0(c + 0 * ldc + 32);
            Sse.Prefetch0(c + 0 * ldc + 48);
            Sse.Prefetch0(c + 1 * ldc + 0);
            Sse.Prefetch0(c + 1 * ldc + 16);
            Sse.Prefetch0(c + 1 * ldc + 32);
            Sse.Prefetch0(c + 1 * ldc + 48);
            Sse.Prefetch0(c + 2 * ldc + 0);
            Sse.Prefetch0(c + 2 * ldc + 16);
            Sse.Prefetch0(c + 2 * ldc + 32);
            Sse.Prefetch0(c + 2 * ldc + 48);
            Sse.Prefetch0(c + 3 * ldc + 0);
            Sse.Prefetch0(c + 3 * ldc + 16);
            Sse.Prefetch0(c + 3 * ldc + 32);
            Sse.Prefetch0(c + 3 * ldc + 48);
            Sse.Prefetch0(c + 4 * ldc + 0);
            Sse.Prefetch0(c + 4 * ldc + 16);
            Sse.Prefetch0(c + 4 * ldc + 32);
            Sse.Prefetch0(c + 4 * ldc + 48);
            Sse.Prefetch0(c + 5 * ldc + 0);
            Sse.Prefetch0(c + 5 * ldc + 16);
            Sse.Prefetch0(c + 5 * ldc + 32);
            Sse.Prefetch0(c + 5 * ldc + 48);
        }
        Vector512<float> c00 = default; Vector512<float> c01 = default; Vector512<float> c02 = default; Vector512<float> c03 = default;
        Vector512<float> c10 = default; Vector512<float> c11 = default; Vector512<float> c12 = default; Vector512<float> c13 = default;
        Vector512<float> c20 = default; Vector512<float> c21 = default; Vector512<float> c22 = default; Vector512<float> c23 = default;
        Vector512<float> c30 = default; Vector512<float> c31 = default; Vector512<float> c32 = default; Vector512<float> c33 = default;
        Vector512<float> c40 = default; Vector512<float> c41 = default; Vector512<float> c42 = default; Vector512<float> c43 = default;
        Vector512<float> c50 = default; Vector512<float> c51 = default; Vector512<float> c52 = default; Vector512<float> c53 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> b2 = Vector512.Load(b + 32);
            Vector512<float> b3 = Vector512.Load(b + 48);
            Vector512<float> a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            c02 = Vector512.FusedMultiplyAdd(a0, b2, c02);
            c03 = Vector512.FusedMultiplyAdd(a0, b3, c03);
            Vector512<float> a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            c12 = Vector512.FusedMultiplyAdd(a1, b2, c12);
            c13 = Vector512.FusedMultiplyAdd(a1, b3, c13);
            Vector512<float> a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            c22 = Vector512.FusedMultiplyAdd(a2, b2, c22);
            c23 = Vector512.FusedMultiplyAdd(a2, b3, c23);
            Vector512<float> a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            c32 = Vector512.FusedMultiplyAdd(a3, b2, c32);
            c33 = Vector512.FusedMultiplyAdd(a3, b3, c33);
            Vector512<float> a4 = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            c42 = Vector512.FusedMultiplyAdd(a4, b2, c42);
            c43 = Vector512.FusedMultiplyAdd(a4, b3, c43);
            Vector512<float> a5 = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            c52 = Vector512.FusedMultiplyAdd(a5, b2, c52);
            c53 = Vector512.FusedMultiplyAdd(a5, b3, c53);
            a += 6;
            b += ldb;
        }
        Vector512<float> va = Vector512.Create(alpha);
        if (beta == 0)
        {
            if (bias == null && !relu)
            {
                Vector512.Store(c00 * va, c + 0 * ldc + 0);
                Vector512.Store(c01 * va, c + 0 * ldc + 16);
                Vector512.Store(c02 * va, c + 0 * ldc + 32);
                Vector512.Store(c03 * va, c + 0 * ldc + 48);
                Vector512.Store(c10 * va, c + 1 * ldc + 0);
                Vector512.Store(c11 * va, c + 1 * ldc + 16);
                Vector512.Store(c12 * va, c + 1 * ldc + 32);
                Vector512.Store(c13 * va, c + 1 * ldc + 48);
                Vector512.Store(c20 * va, c + 2 * ldc + 0);
                Vector512.Store(c21 * va, c + 2 * ldc + 16);
                Vector512.Store(c22 * va, c + 2 * ldc + 32);
                Vector512.Store(c23 * va, c + 2 * ldc + 48);
                Vector512.Store(c30 * va, c + 3 * ldc + 0);
                Vector512.Store(c31 * va, c + 3 * ldc + 16);
                Vector512.Store(c32 * va, c + 3 * ldc + 32);
                Vector512.Store(c33 * va, c + 3 * ldc + 48);
                Vector512.Store(c40 * va, c + 4 * ldc + 0);
                Vector512.Store(c41 * va, c + 4 * ldc + 16);
                Vector512.Store(c42 * va, c + 4 * ldc + 32);
                Vector512.Store(c43 * va, c + 4 * ldc + 48);
                Vector512.Store(c50 * va, c + 5 * ldc + 0);
                Vector512.Store(c51 * va, c + 5 * ldc + 16);
                Vector512.Store(c52 * va, c + 5 * ldc + 32);
                Vector512.Store(c53 * va, c + 5 * ldc + 48);
                return;
            }
        }
        else if (beta == 1 && bias == null && !relu)
        {
            Vector512.Store(Vector512.FusedMultiplyAdd(c00, va, Vector512.Load(c + 0 * ldc + 0)), c + 0 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c01, va, Vector512.Load(c + 0 * ldc + 16)), c + 0 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c02, va, Vector512.Load(c + 0 * ldc + 32)), c + 0 * ldc + 32);
            Vector512.Store(Vector512.FusedMultiplyAdd(c03, va, Vector512.Load(c + 0 * ldc + 48)), c + 0 * ldc + 48);
            Vector512.Store(Vector512.FusedMultiplyAdd(c10, va, Vector512.Load(c + 1 * ldc + 0)), c + 1 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c11, va, Vector512.Load(c + 1 * ldc + 16)), c + 1 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c12, va, Vector512.Load(c + 1 * ldc + 32)), c + 1 * ldc + 32);
            Vector512.Store(Vector512.FusedMultiplyAdd(c13, va, Vector512.Load(c + 1 * ldc + 48)), c + 1 * ldc + 48);
            Vector512.Store(Vector512.FusedMultiplyAdd(c20, va, Vector512.Load(c + 2 * ldc + 0)), c + 2 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c21, va, Vector512.Load(c + 2 * ldc + 16)), c + 2 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c22, va, Vector512.Load(c + 2 * ldc + 32)), c + 2 * ldc + 32);
            Vector512.Store(Vector512.FusedMultiplyAdd(c23, va, Vector512.Load(c + 2 * ldc + 48)), c + 2 * ldc + 48);
            Vector512.Store(Vector512.FusedMultiplyAdd(c30, va, Vector512.Load(c + 3 * ldc + 0)), c + 3 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c31, va, Vector512.Load(c + 3 * ldc + 16)), c + 3 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c32, va, Vector512.Load(c + 3 * ldc + 32)), c + 3 * ldc + 32);
            Vector512.Store(Vector512.FusedMultiplyAdd(c33, va, Vector512.Load(c + 3 * ldc + 48)), c + 3 * ldc + 48);
            Vector512.Store(Vector512.FusedMultiplyAdd(c40, va, Vector512.Load(c + 4 * ldc + 0)), c + 4 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c41, va, Vector512.Load(c + 4 * ldc + 16)), c + 4 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c42, va, Vector512.Load(c + 4 * ldc + 32)), c + 4 * ldc + 32);
            Vector512.Store(Vector512.FusedMultiplyAdd(c43, va, Vector512.Load(c + 4 * ldc + 48)), c + 4 * ldc + 48);
            Vector512.Store(Vector512.FusedMultiplyAdd(c50, va, Vector512.Load(c + 5 * ldc + 0)), c + 5 * ldc + 0);
            Vector512.Store(Vector512.FusedMultiplyAdd(c51, va, Vector512.Load(c + 5 * ldc + 16)), c + 5 * ldc + 16);
            Vector512.Store(Vector512.FusedMultiplyAdd(c52, va, Vector512.Load(c + 5 * ldc + 32)), c + 5 * ldc + 32);
            Vector512.Store(Vector512.FusedMultiplyAdd(c53, va, Vector512.Load(c + 5 * ldc + 48)), c + 5 * ldc + 48);
            return;
        }
        StoreRow(c + 0 * ldc, c00, c01, c02, c03, va, beta, bias, relu);
        StoreRow(c + 1 * ldc, c10, c11, c12, c13, va, beta, bias, relu);
        StoreRow(c + 2 * ldc, c20, c21, c22, c23, va, beta, bias, relu);
        StoreRow(c + 3 * ldc, c30, c31, c32, c33, va, beta, bias, relu);
        StoreRow(c + 4 * ldc, c40, c41, c42, c43, va, beta, bias, relu);
        StoreRow(c + 5 * ldc, c50, c51, c52, c53, va, beta, bias, relu);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector512<float> x0, Vector512<float> x1, Vector512<float> x2, Vector512<float> x3, Vector512<float> va, float beta, float* bias, bool relu)
    {
        Vector512<float> vb = Vector512.Create(beta);
        Vector512<float> y0 = x0 * va;
        Vector512<float> y1 = x1 * va;
        Vector512<float> y2 = x2 * va;
        Vector512<float> y3 = x3 * va;
        if (beta != 0)
        {
            y0 = Vector512.FusedMultiplyAdd(Vector512.Load(c + 0), vb, y0);
            y1 = Vector512.FusedMultiplyAdd(Vector512.Load(c + 16), vb, y1);
            y2 = Vector512.FusedMultiplyAdd(Vector512.Load(c + 32), vb, y2);
            y3 = Vector512.FusedMultiplyAdd(Vector512.Load(c + 48), vb, y3);
        }
        if (bias != null)
        {
            y0 += Vector512.Load(bias + 0);
            y1 += Vector512.Load(bias + 16);
            y2 += Vector512.Load(bias + 32);
            y3 += Vector512.Load(bias + 48);
        }
        if (relu)
        {
            y0 = Vector512.Max(y0, Vector512<float>.Zero);
            y1 = Vector512.Max(y1, Vector512<float>.Zero);
            y2 = Vector512.Max(y2, Vector512<float>.Zero);
            y3 = Vector512.Max(y3, Vector512<float>.Zero);
        }
        Vector512.Store(y0, c + 0);
        Vector512.Store(y1, c + 16);
        Vector512.Store(y2, c + 32);
        Vector512.Store(y3, c + 48);
    }
}

/// <summary>6x16 tile: 12 Vector256 accumulators + 2 B vectors + 1 broadcast (fits AVX2's 16 ymm registers).</summary>
internal unsafe struct Kernel256 : IMicroKernel
{
    public static int MR => 6;
    public static int NR => 16;

    public static void RunEdge(int kc, float* a, float* b, nint ldb, int mr, int nr, float* scratch) =>
        Run(kc, a, b, ldb, scratch, NR, 1f, 0f, null, false);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, nint ldb, float* c, nint ldc, float alpha, float beta, float* bias, bool relu)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(c + 0 * ldc + 0);
            Sse.Prefetch0(c + 1 * ldc + 0);
            Sse.Prefetch0(c + 2 * ldc + 0);
            Sse.Prefetch0(c + 3 * ldc + 0);
            Sse.Prefetch0(c + 4 * ldc + 0);
            Sse.Prefetch0(c + 5 * ldc + 0);
        }
        Vector256<float> c00 = default; Vector256<float> c01 = default;
        Vector256<float> c10 = default; Vector256<float> c11 = default;
        Vector256<float> c20 = default; Vector256<float> c21 = default;
        Vector256<float> c30 = default; Vector256<float> c31 = default;
        Vector256<float> c40 = default; Vector256<float> c41 = default;
        Vector256<float> c50 = default; Vector256<float> c51 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b + 0);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> a0 = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            Vector256<float> a1 = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            Vector256<float> a2 = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            Vector256<float> a3 = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            Vector256<float> a4 = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            Vector256<float> a5 = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a += 6;
            b += ldb;
        }
        Vector256<float> va = Vector256.Create(alpha);
        if (beta == 0)
        {
            if (bias == null && !relu)
            {
                Vector256.Store(c00 * va, c + 0 * ldc + 0);
                Vector256.Store(c01 * va, c + 0 * ldc + 8);
                Vector256.Store(c10 * va, c + 1 * ldc + 0);
                Vector256.Store(c11 * va, c + 1 * ldc + 8);
                Vector256.Store(c20 * va, c + 2 * ldc + 0);
                Vector256.Store(c21 * va, c + 2 * ldc + 8);
                Vector256.Store(c30 * va, c + 3 * ldc + 0);
                Vector256.Store(c31 * va, c + 3 * ldc + 8);
                Vector256.Store(c40 * va, c + 4 * ldc + 0);
                Vector256.Store(c41 * va, c + 4 * ldc + 8);
                Vector256.Store(c50 * va, c + 5 * ldc + 0);
                Vector256.Store(c51 * va, c + 5 * ldc + 8);
                return;
            }
        }
        else if (beta == 1 && bias == null && !relu)
        {
            Vector256.Store(Vector256.FusedMultiplyAdd(c00, va, Vector256.Load(c + 0 * ldc + 0)), c + 0 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c01, va, Vector256.Load(c + 0 * ldc + 8)), c + 0 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c10, va, Vector256.Load(c + 1 * ldc + 0)), c + 1 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c11, va, Vector256.Load(c + 1 * ldc + 8)), c + 1 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c20, va, Vector256.Load(c + 2 * ldc + 0)), c + 2 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c21, va, Vector256.Load(c + 2 * ldc + 8)), c + 2 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c30, va, Vector256.Load(c + 3 * ldc + 0)), c + 3 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c31, va, Vector256.Load(c + 3 * ldc + 8)), c + 3 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c40, va, Vector256.Load(c + 4 * ldc + 0)), c + 4 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c41, va, Vector256.Load(c + 4 * ldc + 8)), c + 4 * ldc + 8);
            Vector256.Store(Vector256.FusedMultiplyAdd(c50, va, Vector256.Load(c + 5 * ldc + 0)), c + 5 * ldc + 0);
            Vector256.Store(Vector256.FusedMultiplyAdd(c51, va, Vector256.Load(c + 5 * ldc + 8)), c + 5 * ldc + 8);
            return;
        }
        StoreRow(c + 0 * ldc, c00, c01, va, beta, bias, relu);
        StoreRow(c + 1 * ldc, c10, c11, va, beta, bias, relu);
        StoreRow(c + 2 * ldc, c20, c21, va, beta, bias, relu);
        StoreRow(c + 3 * ldc, c30, c31, va, beta, bias, relu);
        StoreRow(c + 4 * ldc, c40, c41, va, beta, bias, relu);
        StoreRow(c + 5 * ldc, c50, c51, va, beta, bias, relu);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector256<float> x0, Vector256<float> x1, Vector256<float> va, float beta, float* bias, bool relu)
    {
        Vector256<float> vb = Vector256.Create(beta);
        Vector256<float> y0 = x0 * va;
        Vector256<float> y1 = x1 * va;
        if (beta != 0)
        {
            y0 = Vector256.FusedMultiplyAdd(Vector256.Load(c + 0), vb, y0);
            y1 = Vector256.FusedMultiplyAdd(Vector256.Load(c + 8), vb, y1);
        }
        if (bias != null)
        {
            y0 += Vector256.Load(bias + 0);
            y1 += Vector256.Load(bias + 8);
        }
        if (relu)
        {
            y0 = Vector256.Max(y0, Vector256<float>.Zero);
            y1 = Vector256.Max(y1, Vector256<float>.Zero);
        }
        Vector256.Store(y0, c + 0);
        Vector256.Store(y1, c + 8);
    }
}

/// <summary>6x16 tile: 24 Vector128 accumulators (ARM64 has 32 vector registers; AdvSimd fmla).</summary>
internal unsafe struct Kernel128 : IMicroKernel
{
    public static int MR => 6;
    public static int NR => 16;

    public static void RunEdge(int kc, float* a, float* b, nint ldb, int mr, int nr, float* scratch) =>
        Run(kc, a, b, ldb, scratch, NR, 1f, 0f, null, false);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, nint ldb, float* c, nint ldc, float alpha, float beta, float* bias, bool relu)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(c + 0 * ldc + 0);
            Sse.Prefetch0(c + 1 * ldc + 0);
            Sse.Prefetch0(c + 2 * ldc + 0);
            Sse.Prefetch0(c + 3 * ldc + 0);
            Sse.Prefetch0(c + 4 * ldc + 0);
            Sse.Prefetch0(c + 5 * ldc + 0);
        }
        Vector128<float> c00 = default; Vector128<float> c01 = default; Vector128<float> c02 = default; Vector128<float> c03 = default;
        Vector128<float> c10 = default; Vector128<float> c11 = default; Vector128<float> c12 = default; Vector128<float> c13 = default;
        Vector128<float> c20 = default; Vector128<float> c21 = default; Vector128<float> c22 = default; Vector128<float> c23 = default;
        Vector128<float> c30 = default; Vector128<float> c31 = default; Vector128<float> c32 = default; Vector128<float> c33 = default;
        Vector128<float> c40 = default; Vector128<float> c41 = default; Vector128<float> c42 = default; Vector128<float> c43 = default;
        Vector128<float> c50 = default; Vector128<float> c51 = default; Vector128<float> c52 = default; Vector128<float> c53 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector128<float> b0 = Vector128.Load(b + 0);
            Vector128<float> b1 = Vector128.Load(b + 4);
            Vector128<float> b2 = Vector128.Load(b + 8);
            Vector128<float> b3 = Vector128.Load(b + 12);
            Vector128<float> a0 = Vector128.Create(a[0]);
            c00 = Vector128.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector128.FusedMultiplyAdd(a0, b1, c01);
            c02 = Vector128.FusedMultiplyAdd(a0, b2, c02);
            c03 = Vector128.FusedMultiplyAdd(a0, b3, c03);
            Vector128<float> a1 = Vector128.Create(a[1]);
            c10 = Vector128.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector128.FusedMultiplyAdd(a1, b1, c11);
            c12 = Vector128.FusedMultiplyAdd(a1, b2, c12);
            c13 = Vector128.FusedMultiplyAdd(a1, b3, c13);
            Vector128<float> a2 = Vector128.Create(a[2]);
            c20 = Vector128.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector128.FusedMultiplyAdd(a2, b1, c21);
            c22 = Vector128.FusedMultiplyAdd(a2, b2, c22);
            c23 = Vector128.FusedMultiplyAdd(a2, b3, c23);
            Vector128<float> a3 = Vector128.Create(a[3]);
            c30 = Vector128.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector128.FusedMultiplyAdd(a3, b1, c31);
            c32 = Vector128.FusedMultiplyAdd(a3, b2, c32);
            c33 = Vector128.FusedMultiplyAdd(a3, b3, c33);
            Vector128<float> a4 = Vector128.Create(a[4]);
            c40 = Vector128.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector128.FusedMultiplyAdd(a4, b1, c41);
            c42 = Vector128.FusedMultiplyAdd(a4, b2, c42);
            c43 = Vector128.FusedMultiplyAdd(a4, b3, c43);
            Vector128<float> a5 = Vector128.Create(a[5]);
            c50 = Vector128.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector128.FusedMultiplyAdd(a5, b1, c51);
            c52 = Vector128.FusedMultiplyAdd(a5, b2, c52);
            c53 = Vector128.FusedMultiplyAdd(a5, b3, c53);
            a += 6;
            b += ldb;
        }
        Vector128<float> va = Vector128.Create(alpha);
        if (beta == 0)
        {
            if (bias == null && !relu)
            {
                Vector128.Store(c00 * va, c + 0 * ldc + 0);
                Vector128.Store(c01 * va, c + 0 * ldc + 4);
                Vector128.Store(c02 * va, c + 0 * ldc + 8);
                Vector128.Store(c03 * va, c + 0 * ldc + 12);
                Vector128.Store(c10 * va, c + 1 * ldc + 0);
                Vector128.Store(c11 * va, c + 1 * ldc + 4);
                Vector128.Store(c12 * va, c + 1 * ldc + 8);
                Vector128.Store(c13 * va, c + 1 * ldc + 12);
                Vector128.Store(c20 * va, c + 2 * ldc + 0);
                Vector128.Store(c21 * va, c + 2 * ldc + 4);
                Vector128.Store(c22 * va, c + 2 * ldc + 8);
                Vector128.Store(c23 * va, c + 2 * ldc + 12);
                Vector128.Store(c30 * va, c + 3 * ldc + 0);
                Vector128.Store(c31 * va, c + 3 * ldc + 4);
                Vector128.Store(c32 * va, c + 3 * ldc + 8);
                Vector128.Store(c33 * va, c + 3 * ldc + 12);
                Vector128.Store(c40 * va, c + 4 * ldc + 0);
                Vector128.Store(c41 * va, c + 4 * ldc + 4);
                Vector128.Store(c42 * va, c + 4 * ldc + 8);
                Vector128.Store(c43 * va, c + 4 * ldc + 12);
                Vector128.Store(c50 * va, c + 5 * ldc + 0);
                Vector128.Store(c51 * va, c + 5 * ldc + 4);
                Vector128.Store(c52 * va, c + 5 * ldc + 8);
                Vector128.Store(c53 * va, c + 5 * ldc + 12);
                return;
            }
        }
        else if (beta == 1 && bias == null && !relu)
        {
            Vector128.Store(Vector128.FusedMultiplyAdd(c00, va, Vector128.Load(c + 0 * ldc + 0)), c + 0 * ldc + 0);
            Vector128.Store(Vector128.FusedMultiplyAdd(c01, va, Vector128.Load(c + 0 * ldc + 4)), c + 0 * ldc + 4);
            Vector128.Store(Vector128.FusedMultiplyAdd(c02, va, Vector128.Load(c + 0 * ldc + 8)), c + 0 * ldc + 8);
            Vector128.Store(Vector128.FusedMultiplyAdd(c03, va, Vector128.Load(c + 0 * ldc + 12)), c + 0 * ldc + 12);
            Vector128.Store(Vector128.FusedMultiplyAdd(c10, va, Vector128.Load(c + 1 * ldc + 0)), c + 1 * ldc + 0);
            Vector128.Store(Vector128.FusedMultiplyAdd(c11, va, Vector128.Load(c + 1 * ldc + 4)), c + 1 * ldc + 4);
            Vector128.Store(Vector128.FusedMultiplyAdd(c12, va, Vector128.Load(c + 1 * ldc + 8)), c + 1 * ldc + 8);
            Vector128.Store(Vector128.FusedMultiplyAdd(c13, va, Vector128.Load(c + 1 * ldc + 12)), c + 1 * ldc + 12);
            Vector128.Store(Vector128.FusedMultiplyAdd(c20, va, Vector128.Load(c + 2 * ldc + 0)), c + 2 * ldc + 0);
            Vector128.Store(Vector128.FusedMultiplyAdd(c21, va, Vector128.Load(c + 2 * ldc + 4)), c + 2 * ldc + 4);
            Vector128.Store(Vector128.FusedMultiplyAdd(c22, va, Vector128.Load(c + 2 * ldc + 8)), c + 2 * ldc + 8);
            Vector128.Store(Vector128.FusedMultiplyAdd(c23, va, Vector128.Load(c + 2 * ldc + 12)), c + 2 * ldc + 12);
            Vector128.Store(Vector128.FusedMultiplyAdd(c30, va, Vector128.Load(c + 3 * ldc + 0)), c + 3 * ldc + 0);
            Vector128.Store(Vector128.FusedMultiplyAdd(c31, va, Vector128.Load(c + 3 * ldc + 4)), c + 3 * ldc + 4);
            Vector128.Store(Vector128.FusedMultiplyAdd(c32, va, Vector128.Load(c + 3 * ldc + 8)), c + 3 * ldc + 8);
            Vector128.Store(Vector128.FusedMultiplyAdd(c33, va, Vector128.Load(c + 3 * ldc + 12)), c + 3 * ldc + 12);
            Vector128.Store(Vector128.FusedMultiplyAdd(c40, va, Vector128.Load(c + 4 * ldc + 0)), c + 4 * ldc + 0);
            Vector128.Store(Vector128.FusedMultiplyAdd(c41, va, Vector128.Load(c + 4 * ldc + 4)), c + 4 * ldc + 4);
            Vector128.Store(Vector128.FusedMultiplyAdd(c42, va, Vector128.Load(c + 4 * ldc + 8)), c + 4 * ldc + 8);
            Vector128.Store(Vector128.FusedMultiplyAdd(c43, va, Vector128.Load(c + 4 * ldc + 12)), c + 4 * ldc + 12);
            Vector128.Store(Vector128.FusedMultiplyAdd(c50, va, Vector128.Load(c + 5 * ldc + 0)), c + 5 * ldc + 0);
            Vector128.Store(Vector128.FusedMultiplyAdd(c51, va, Vector128.Load(c + 5 * ldc + 4)), c + 5 * ldc + 4);
            Vector128.Store(Vector128.FusedMultiplyAdd(c52, va, Vector128.Load(c + 5 * ldc + 8)), c + 5 * ldc + 8);
            Vector128.Store(Vector128.FusedMultiplyAdd(c53, va, Vector128.Load(c + 5 * ldc + 12)), c + 5 * ldc + 12);
            return;
        }
        StoreRow(c + 0 * ldc, c00, c01, c02, c03, va, beta, bias, relu);
        StoreRow(c + 1 * ldc, c10, c11, c12, c13, va, beta, bias, relu);
        StoreRow(c + 2 * ldc, c20, c21, c22, c23, va, beta, bias, relu);
        StoreRow(c + 3 * ldc, c30, c31, c32, c33, va, beta, bias, relu);
        StoreRow(c + 4 * ldc, c40, c41, c42, c43, va, beta, bias, relu);
        StoreRow(c + 5 * ldc, c50, c51, c52, c53, va, beta, bias, relu);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector128<float> x0, Vector128<float> x1, Vector128<float> x2, Vector128<float> x3, Vector128<float> va, float beta, float* bias, bool relu)
    {
        Vector128<float> vb = Vector128.Create(beta);
        Vector128<float> y0 = x0 * va;
        Vector128<float> y1 = x1 * va;
        Vector128<float> y2 = x2 * va;
        Vector128<float> y3 = x3 * va;
        if (beta != 0)
        {
            y0 = Vector128.FusedMultiplyAdd(Vector128.Load(c + 0), vb, y0);
            y1 = Vector128.FusedMultiplyAdd(Vector128.Load(c + 4), vb, y1);
            y2 = Vector128.FusedMultiplyAdd(Vector128.Load(c + 8), vb, y2);
            y3 = Vector128.FusedMultiplyAdd(Vector128.Load(c + 12), vb, y3);
        }
        if (bias != null)
        {
            y0 += Vector128.Load(bias + 0);
            y1 += Vector128.Load(bias + 4);
            y2 += Vector128.Load(bias + 8);
            y3 += Vector128.Load(bias + 12);
        }
        if (relu)
        {
            y0 = Vector128.Max(y0, Vector128<float>.Zero);
            y1 = Vector128.Max(y1, Vector128<float>.Zero);
            y2 = Vector128.Max(y2, Vector128<float>.Zero);
            y3 = Vector128.Max(y3, Vector128<float>.Zero);
        }
        Vector128.Store(y0, c + 0);
        Vector128.Store(y1, c + 4);
        Vector128.Store(y2, c + 8);
        Vector128.Store(y3, c + 12);
    }
}
