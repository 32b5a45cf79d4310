using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels.GemmInternals;

/// <summary>
/// Packs panels of op(A) and op(B) into the layouts the micro-kernels read: an A panel holds MR rows, MR floats
/// per k step; a B panel holds NR columns, NR floats per k step. Partial panels are zero-padded. The transposing
/// cases (A not transposed, B transposed) read the source contiguously and transpose 8x8 blocks in registers on
/// AVX; elsewhere they fall back to scalar loops that still read contiguously.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Extra floats kept past the end of the A panel buffer (defensive; packing never writes past a panel).</summary>
    public const int APanelSlack = 8;

    /// <summary>
    /// Packs rows [0, mr) x columns [0, kc) of op(A) starting at <paramref name="a"/> into one MR-row panel.
    /// Not transposed: element (i, p) is a[i*lda + p]. Transposed: a[p*lda + i]; then
    /// <paramref name="overread"/> says each stored row holds at least 8 floats from <paramref name="a"/> on.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(bool transA, float* a, nint lda, int mr, int kc, int MR, float* dst, bool overread = false)
    {
        if (transA)
        {
            if (mr == MR && MR <= 8 && overread && Vector256.IsHardwareAccelerated)
            {
                // Each k step is MR contiguous floats: copy 8 (the row is known to hold them) and let the next
                // step's store overwrite the 8 - MR extra ones.
                int p = 0;
                for (; p < kc - 1; p++) Vector256.Store(Vector256.Load(a + p * lda), dst + p * MR);
                for (int i = 0; i < MR; i++) dst[p * MR + i] = a[p * lda + i];
                return;
            }
            for (int p = 0; p < kc; p++)
            {
                float* src = a + p * lda;
                float* d = dst + p * MR;
                int i = 0;
                for (; i < mr; i++) d[i] = src[i];
                for (; i < MR; i++) d[i] = 0;
            }
            return;
        }

        int p0 = 0;
        if (Avx.IsSupported && mr == MR && MR <= 8)
        {
            // Load 8 k-values from each row (missing rows are zero), transpose 8x8, and store each column of 8
            // at its k step; a store writes MR valid floats and 8 - MR that the next k step's store overwrites.
            // "< kc", not "<= kc": the last block's overlapping store must land on a k step the scalar tail
            // rewrites, never past the panel (another thread may be packing the next panel).
            for (; p0 + 8 < kc; p0 += 8)
            {
                Vector256<float> r0 = Avx.LoadVector256(a + p0);
                Vector256<float> r1 = MR > 1 ? Avx.LoadVector256(a + lda + p0) : default;
                Vector256<float> r2 = MR > 2 ? Avx.LoadVector256(a + 2 * lda + p0) : default;
                Vector256<float> r3 = MR > 3 ? Avx.LoadVector256(a + 3 * lda + p0) : default;
                Vector256<float> r4 = MR > 4 ? Avx.LoadVector256(a + 4 * lda + p0) : default;
                Vector256<float> r5 = MR > 5 ? Avx.LoadVector256(a + 5 * lda + p0) : default;
                Vector256<float> r6 = MR > 6 ? Avx.LoadVector256(a + 6 * lda + p0) : default;
                Vector256<float> r7 = MR > 7 ? Avx.LoadVector256(a + 7 * lda + p0) : default;
                Transpose8x8(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
                float* d = dst + p0 * MR;
                Avx.Store(d, r0);
                Avx.Store(d + MR, r1);
                Avx.Store(d + 2 * MR, r2);
                Avx.Store(d + 3 * MR, r3);
                Avx.Store(d + 4 * MR, r4);
                Avx.Store(d + 5 * MR, r5);
                Avx.Store(d + 6 * MR, r6);
                Avx.Store(d + 7 * MR, r7);
            }
        }
        if (p0 < kc)
        {
            for (int i = 0; i < mr; i++)
            {
                float* src = a + i * lda;
                for (int p = p0; p < kc; p++) dst[p * MR + i] = src[p];
            }
            for (int i = mr; i < MR; i++)
                for (int p = p0; p < kc; p++) dst[p * MR + i] = 0;
        }
    }

    /// <summary>
    /// Packs rows [0, kc) x columns [0, nr) of op(B) starting at <paramref name="b"/> into one NR-column panel.
    /// Not transposed: element (p, j) is b[p*ldb + j]. Transposed: b[j*ldb + p].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(bool transB, float* b, nint ldb, int kc, int nr, int NR, float* dst)
    {
        if (!transB)
        {
            if (nr == NR)
            {
                for (int p = 0; p < kc; p++) CopyRow(b + p * ldb, dst + p * NR, NR);
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = b + p * ldb;
                    float* d = dst + p * NR;
                    int j = 0;
                    for (; j < nr; j++) d[j] = src[j];
                    for (; j < NR; j++) d[j] = 0;
                }
            }
            return;
        }

        int j0 = 0;
        if (Avx.IsSupported)
        {
            for (; j0 + 8 <= nr; j0 += 8)
            {
                float* s = b + j0 * ldb;
                int p = 0;
                for (; p + 8 <= kc; p += 8)
                {
                    Vector256<float> r0 = Avx.LoadVector256(s + p);
                    Vector256<float> r1 = Avx.LoadVector256(s + ldb + p);
                    Vector256<float> r2 = Avx.LoadVector256(s + 2 * ldb + p);
                    Vector256<float> r3 = Avx.LoadVector256(s + 3 * ldb + p);
                    Vector256<float> r4 = Avx.LoadVector256(s + 4 * ldb + p);
                    Vector256<float> r5 = Avx.LoadVector256(s + 5 * ldb + p);
                    Vector256<float> r6 = Avx.LoadVector256(s + 6 * ldb + p);
                    Vector256<float> r7 = Avx.LoadVector256(s + 7 * ldb + p);
                    Transpose8x8(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
                    float* d = dst + p * NR + j0;
                    Avx.Store(d, r0);
                    Avx.Store(d + NR, r1);
                    Avx.Store(d + 2 * NR, r2);
                    Avx.Store(d + 3 * NR, r3);
                    Avx.Store(d + 4 * NR, r4);
                    Avx.Store(d + 5 * NR, r5);
                    Avx.Store(d + 6 * NR, r6);
                    Avx.Store(d + 7 * NR, r7);
                }
                for (; p < kc; p++)
                    for (int j = 0; j < 8; j++) dst[p * NR + j0 + j] = s[j * ldb + p];
            }
        }
        for (int j = j0; j < nr; j++)
        {
            float* src = b + j * ldb;
            for (int p = 0; p < kc; p++) dst[p * NR + j] = src[p];
        }
        if (nr < NR)
        {
            for (int p = 0; p < kc; p++)
                for (int j = nr; j < NR; j++) dst[p * NR + j] = 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRow(float* src, float* dst, int count)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 8 <= count; j += 8) Vector256.Store(Vector256.Load(src + j), dst + j);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; j + 4 <= count; j += 4) Vector128.Store(Vector128.Load(src + j), dst + j);
        }
        for (; j < count; j++) dst[j] = src[j];
    }

    /// <summary>In-register 8x8 transpose: on return r_q holds column q of the input rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref Vector256<float> r0, ref Vector256<float> r1, ref Vector256<float> r2,
        ref Vector256<float> r3, ref Vector256<float> r4, ref Vector256<float> r5, ref Vector256<float> r6,
        ref Vector256<float> r7)
    {
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        r0 = Avx.Permute2x128(s0, s4, 0x20);
        r1 = Avx.Permute2x128(s1, s5, 0x20);
        r2 = Avx.Permute2x128(s2, s6, 0x20);
        r3 = Avx.Permute2x128(s3, s7, 0x20);
        r4 = Avx.Permute2x128(s0, s4, 0x31);
        r5 = Avx.Permute2x128(s1, s5, 0x31);
        r6 = Avx.Permute2x128(s2, s6, 0x31);
        r7 = Avx.Permute2x128(s3, s7, 0x31);
    }
}
