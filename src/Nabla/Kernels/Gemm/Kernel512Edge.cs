// Written out by a small generator script: one method per (rows, vectors) edge shape.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels.GemmInternals;

/// <summary>
/// Edge tiles of the 6x64 Vector512 kernel: when fewer than 6 rows or 64 columns remain, a narrower register
/// tile (2, 4 or 6 rows x 16, 32 or 64 columns) computes the unscaled product into a 6x64 scratch tile, so the
/// edge costs about its own size instead of a full tile (n = 784 wastes 6% otherwise, m = 128 3%).
/// </summary>
internal static unsafe class Kernel512Edge
{
    /// <summary>scratch[i*64 + j] = sum_p a[p*6 + i] * b[p*ldb + j] for i &lt; mr, j &lt; nr (other entries undefined).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, nint ldb, int mr, int nr, float* scratch)
    {
        int rows = mr <= 2 ? 2 : mr <= 4 ? 4 : 6;
        int vectors = nr <= 16 ? 1 : nr <= 32 ? 2 : 4;
        switch (rows * 8 + vectors)
        {
            case 17: Edge2x16(kc, a, b, ldb, scratch); break;
            case 18: Edge2x32(kc, a, b, ldb, scratch); break;
            case 20: Edge2x64(kc, a, b, ldb, scratch); break;
            case 33: Edge4x16(kc, a, b, ldb, scratch); break;
            case 34: Edge4x32(kc, a, b, ldb, scratch); break;
            case 36: Edge4x64(kc, a, b, ldb, scratch); break;
            case 49: Edge6x16(kc, a, b, ldb, scratch); break;
            case 50: Edge6x32(kc, a, b, ldb, scratch); break;
            case 52: Edge6x64(kc, a, b, ldb, scratch); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Edge2x16(int kc, float* a, float* b, nint ldb, float* t)
    {
        Vector512<float> c00 = default;
        Vector512<float> c10 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            Vector512<float> a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            a += 6;
            b += ldb;
        }
        Vector512.Store(c00, t + 0);
        Vector512.Store(c10, t + 64);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Edge2x32(int kc, float* a, float* b, nint ldb, float* t)
    {
        Vector512<float> c00 = default; Vector512<float> c01 = default;
        Vector512<float> c10 = default; Vector512<float> c11 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            Vector512<float> a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            a += 6;
            b += ldb;
        }
        Vector512.Store(c00, t + 0);
        Vector512.Store(c01, t + 16);
        Vector512.Store(c10, t + 64);
        Vector512.Store(c11, t + 80);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Edge2x64(int kc, float* a, float* b, nint ldb, float* t)
    {
        Vector512<float> c00 = default; Vector512<float> c01 = default; Vector512<float> c02 = default; Vector512<float> c03 = default;
        Vector512<float> c10 = default; Vector512<float> c11 = default; Vector512<float> c12 = default; Vector512<float> c13 = default;
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
            a += 6;
            b += ldb;
        }
        Vector512.Store(c00, t + 0);
        Vector512.Store(c01, t + 16);
        Vector512.Store(c02, t + 32);
        Vector512.Store(c03, t + 48);
        Vector512.Store(c10, t + 64);
        Vector512.Store(c11, t + 80);
        Vector512.Store(c12, t + 96);
        Vector512.Store(c13, t + 112);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Edge4x16(int kc, float* a, float* b, nint ldb, float* t)
    {
        Vector512<float> c00 = default;
        Vector512<float> c10 = default;
        Vector512<float> c20 = default;
        Vector512<float> c30 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            Vector512<float> a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            Vector512<float> a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            Vector512<float> a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            a += 6;
            b += ldb;
        }
        Vector512.Store(c00, t + 0);
        Vector512.Store(c10, t + 64);
        Vector512.Store(c20, t + 128);
        Vector512.Store(c30, t + 192);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Edge4x32(int kc, float* a, float* b, nint ldb, float* t)
    {
        Vector512<float> c00 = default; Vector512<float> c01 = default;
        Vector512<float> c10 = default; Vector512<float> c11 = default;
        Vector512<float> c20 = default; Vector512<float> c21 = default;
        Vector512<float> c30 = default; Vector512<float> c31 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            Vector512<float> a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            Vector512<float> a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            Vector512<float> a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            a += 6;
            b += ldb;
        }
        Vector512.Store(c00, t + 0);
        Vector512.Store(c01, t + 16);
        Vector512.Store(c10, t + 64);
        Vector512.Store(c11, t + 80);
        Vector512.Store(c20, t + 128);
        Vector512.Store(c21, t + 144);
        Vector512.Store(c30, t + 192);
        Vector512.Store(c31, t + 208);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Edge4x64(int kc, float* a, float* b, nint ldb, float* t)
    {
        Vector512<float> c00 = default; Vector512<float> c01 = default; Vector512<float> c02 = default; Vector512<float> c03 = default;
        Vector512<float> c10 = default; Vector512<float> c11 = default; Vector512<float> c12 = default; Vector512<float> c13 = default;
        Vector512<float> c20 = default; Vector512<float> c21 = default; Vector512<float> c22 = default; Vector512<float> c23 = default;
        Vector512<float> c30 = default; Vector512<float> c31 = default; Vector512<float> c32 = default; Vector512<float> c33 = default;
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
            a += 6;
            b += ldb;
        }
        Vector512.Store(c00, t + 0);
        Vector512.Store(c01, t + 16);
        Vector512.Store(c02, t + 32);
        Vector512.Store(c03, t + 48);
        Vector512.Store(c10, t + 64);
        Vector512.Store(c11, t + 80);
        Vector512.Store(c12, t + 96);
        Vector512.Store(c13, t + 112);
        Vector512.Store(c20, t + 128);
        Vector512.Store(c21, t + 144);
        Vector512.Store(c22, t + 160);
        Vector512.Store(c23, t + 176);
        Vector512.Store(c30, t + 192);
        Vector512.Store(c31, t + 208);
        Vector512.Store(c32, t + 224);
        Vector512.Store(c33, t + 240);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Edge6x16(int kc, float* a, float* b, nint ldb, float* t)
    {
        Vector512<float> c00 = default;
        Vector512<float> c10 = default;
        Vector512<float> c20 = default;
        Vector512<float> c30 = default;
        Vector512<float> c40 = default;
        Vector512<float> c50 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            Vector512<float> a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            Vector512<float> a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            Vector512<float> a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            Vector512<float> a4 = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            Vector512<float> a5 = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            a += 6;
            b += ldb;
        }
        Vector512.Store(c00, t + 0);
        Vector512.Store(c10, t + 64);
        Vector512.Store(c20, t + 128);
        Vector512.Store(c30, t + 192);
        Vector512.Store(c40, t + 256);
        Vector512.Store(c50, t + 320);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Edge6x32(int kc, float* a, float* b, nint ldb, float* t)
    {
        Vector512<float> c00 = default; Vector512<float> c01 = default;
        Vector512<float> c10 = default; Vector512<float> c11 = default;
        Vector512<float> c20 = default; Vector512<float> c21 = default;
        Vector512<float> c30 = default; Vector512<float> c31 = default;
        Vector512<float> c40 = default; Vector512<float> c41 = default;
        Vector512<float> c50 = default; Vector512<float> c51 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            Vector512<float> a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            Vector512<float> a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            Vector512<float> a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            Vector512<float> a4 = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            Vector512<float> a5 = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            a += 6;
            b += ldb;
        }
        Vector512.Store(c00, t + 0);
        Vector512.Store(c01, t + 16);
        Vector512.Store(c10, t + 64);
        Vector512.Store(c11, t + 80);
        Vector512.Store(c20, t + 128);
        Vector512.Store(c21, t + 144);
        Vector512.Store(c30, t + 192);
        Vector512.Store(c31, t + 208);
        Vector512.Store(c40, t + 256);
        Vector512.Store(c41, t + 272);
        Vector512.Store(c50, t + 320);
        Vector512.Store(c51, t + 336);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Edge6x64(int kc, float* a, float* b, nint ldb, float* t)
    {
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
        Vector512.Store(c00, t + 0);
        Vector512.Store(c01, t + 16);
        Vector512.Store(c02, t + 32);
        Vector512.Store(c03, t + 48);
        Vector512.Store(c10, t + 64);
        Vector512.Store(c11, t + 80);
        Vector512.Store(c12, t + 96);
        Vector512.Store(c13, t + 112);
        Vector512.Store(c20, t + 128);
        Vector512.Store(c21, t + 144);
        Vector512.Store(c22, t + 160);
        Vector512.Store(c23, t + 176);
        Vector512.Store(c30, t + 192);
        Vector512.Store(c31, t + 208);
        Vector512.Store(c32, t + 224);
        Vector512.Store(c33, t + 240);
        Vector512.Store(c40, t + 256);
        Vector512.Store(c41, t + 272);
        Vector512.Store(c42, t + 288);
        Vector512.Store(c43, t + 304);
        Vector512.Store(c50, t + 320);
        Vector512.Store(c51, t + 336);
        Vector512.Store(c52, t + 352);
        Vector512.Store(c53, t + 368);
    }
}
