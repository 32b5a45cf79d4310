using Nabla.Kernels;
using Nabla.Kernels.GemmInternals;

namespace Nabla.Tests.Kernels;

/// <summary>
/// SGEMM against a double-accumulating reference. Tolerance: a float32 dot product of length k carries a rounding
/// error that grows like sqrt(k) * eps in practice (eps = 1.2e-7), relative to the magnitude of the summed terms;
/// each element must satisfy |C - ref| &lt;= 1e-5 * sqrt(k + 1) * (|alpha| * sum_p |a_ip * b_pj| + |beta * C0_ij| + |bias_j|),
/// a bound ~100x above the typical error yet far below any indexing or packing bug (which produces O(1) errors).
/// </summary>
public sealed unsafe class GemmTests
{
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (1, 7, 3), (5, 1, 9), (2, 3, 1), (13, 17, 19), (6, 64, 8), (6, 16, 16), (7, 65, 33),
        (37, 131, 263), (97, 23, 41), (12, 40, 520), (3, 1100, 5),
    ];

    public static TheoryData<SimdPath, int> PathsAndThreads()
    {
        var data = new TheoryData<SimdPath, int>();
        foreach (SimdPath p in Enum.GetValues<SimdPath>())
            foreach (int t in new[] { 1, 2 }) data.Add(p, t);
        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndThreads))]
    public void AllShapesAndTransposesMatchReference(SimdPath path, int threads)
    {
        // Products this small would stay single-threaded; drop the threshold so 2 threads are exercised.
        long saved = GemmDriver.ParallelThreshold;
        if (threads > 1) GemmDriver.ParallelThreshold = 0;
        try
        {
            var rng = new Random(1234 + (int)path * 10 + threads);
            foreach (var (m, n, k) in Shapes)
                foreach (bool ta in new[] { false, true })
                    foreach (bool tb in new[] { false, true })
                        CheckOne(rng, path, threads, ta, tb, m, n, k, alpha: 1f, beta: 0f, pad: 0);
        }
        finally { GemmDriver.ParallelThreshold = saved; }
    }

    [Theory]
    [MemberData(nameof(PathsAndThreads))]
    public void AlphaBetaAndStridedLeadingDimensions(SimdPath path, int threads)
    {
        long saved = GemmDriver.ParallelThreshold;
        if (threads > 1) GemmDriver.ParallelThreshold = 0;
        try
        {
            var rng = new Random(99 + (int)path * 10 + threads);
            foreach (var (alpha, beta) in new[] { (1.5f, 0f), (-0.5f, 0.75f), (1f, 1f), (2f, -1f) })
                foreach (bool ta in new[] { false, true })
                    foreach (bool tb in new[] { false, true })
                    {
                        CheckOne(rng, path, threads, ta, tb, 19, 70, 37, alpha, beta, pad: 3);
                        CheckOne(rng, path, threads, ta, tb, 12, 128, 300, alpha, beta, pad: 5);
                    }
        }
        finally { GemmDriver.ParallelThreshold = saved; }
    }

    [Theory]
    [MemberData(nameof(PathsAndThreads))]
    public void BiasAndReluEpilogue(SimdPath path, int threads)
    {
        long saved = GemmDriver.ParallelThreshold;
        if (threads > 1) GemmDriver.ParallelThreshold = 0;
        try
        {
            var rng = new Random(7);
            foreach (var (m, n, k) in new[] { (1, 1, 1), (13, 70, 300), (12, 64, 16) })
                foreach (bool tb in new[] { false, true })
                {
                    CheckOne(rng, path, threads, false, tb, m, n, k, 1f, 0f, 0, withBias: true, relu: true);
                    CheckOne(rng, path, threads, false, tb, m, n, k, 0.5f, 0.5f, 2, withBias: true, relu: false);
                    CheckOne(rng, path, threads, true, tb, m, n, k, 1f, 1f, 1, withBias: false, relu: true);
                }
        }
        finally { GemmDriver.ParallelThreshold = saved; }
    }

    [Fact]
    public void LargeProductUsesEveryBlockLoop()
    {
        // Crosses the k, m and n block boundaries (KC, MC, NC) with default thresholds, 2 threads.
        var rng = new Random(5);
        CheckOne(rng, Simd.Path, 2, false, false, 200, 1030, 270, 1f, 0f, 0);
        CheckOne(rng, Simd.Path, 2, true, true, 101, 300, 600, 1f, 0.5f, 1);
    }

    [Fact]
    public void ManyChunksAndKBlocks()
    {
        // m > MChunk (two A chunks) and k > KC (two k blocks): exercises the cross-iteration ordering.
        var rng = new Random(8);
        CheckOne(rng, Simd.Path, 2, false, true, 800, 20, 300, 1f, 0.5f, 0);
        CheckOne(rng, Simd.Path, 2, true, false, 790, 70, 520, -1f, 0f, 2);
    }

    [Fact]
    public void TwoThreadsGiveTheSameBitsAsOne()
    {
        // Every C tile applies its k blocks in the same order whatever the threads, so results are identical;
        // repeated to catch races between work units (a tile's next k block must wait for the previous one).
        var rng = new Random(21);
        int m = 150, n = 200, k = 600;
        float[] a = Random(rng, m * k), b = Random(rng, n * k), c1 = new float[m * n], c2 = new float[m * n];
        fixed (float* pa = a, pb = b, p1 = c1, p2 = c2)
        {
            Gemm.SgemmCore(Simd.Path, 1, false, true, m, n, k, 1f, pa, k, pb, k, 0f, p1, n);
            for (int rep = 0; rep < 30; rep++)
            {
                Gemm.SgemmCore(Simd.Path, 2, false, true, m, n, k, 1f, pa, k, pb, k, 0f, p2, n);
                Assert.True(c1.AsSpan().SequenceEqual(c2), $"2-thread result differs from 1-thread on repetition {rep}");
            }
        }
    }

    [Fact]
    public void BetaZeroIgnoresNaNInC_AndAlphaZeroIgnoresAB()
    {
        float[] a = [float.NaN, 1, 2, 3], b = [1, float.NaN, 3, 4], c = [float.NaN, float.NaN, float.NaN, float.NaN];
        Gemm.Sgemm(false, false, 2, 2, 2, 0f, a, 2, b, 2, 0f, c, 2);
        Assert.All(c, x => Assert.Equal(0f, x));
        c = [1, 2, 3, 4];
        Gemm.Sgemm(false, false, 2, 2, 2, 0f, a, 2, b, 2, 3f, c, 2);
        Assert.Equal([3f, 6f, 9f, 12f], c);
        // k == 0: C = beta * C.
        c = [1, 2, 3, 4];
        Gemm.Sgemm(false, false, 2, 2, 0, 1f, ReadOnlySpan<float>.Empty, 1, ReadOnlySpan<float>.Empty, 2, 0.5f, c, 2);
        Assert.Equal([0.5f, 1f, 1.5f, 2f], c);
    }

    [Fact]
    public void EmptyProductsAcceptZeroLeadingDimensions()
    {
        // [2,3] x [3,0] -> [2,0] and [0,0] x [0,0]: nothing is read or written, ld = 0 is fine (as tensors pass it).
        Gemm.Sgemm(false, false, 2, 0, 3, 1f, new float[6], 3, ReadOnlySpan<float>.Empty, 0, 0f, Span<float>.Empty, 0);
        Gemm.Sgemm(false, false, 0, 0, 0, 1f, ReadOnlySpan<float>.Empty, 0, ReadOnlySpan<float>.Empty, 0, 0f, Span<float>.Empty, 0);
        // k = 0 with lda = ldb = 0: C = beta * C only.
        float[] c = [1, 2];
        Gemm.Sgemm(false, false, 1, 2, 0, 1f, ReadOnlySpan<float>.Empty, 0, ReadOnlySpan<float>.Empty, 0, 2f, c, 2);
        Assert.Equal([2f, 4f], c);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.Sgemm(false, false, 0, 0, 0, 1f, ReadOnlySpan<float>.Empty, -1, ReadOnlySpan<float>.Empty, 0, 0f, Span<float>.Empty, 0));
    }

    [Fact]
    public void SmallExactExample()
    {
        // [1 2 3; 4 5 6] * [7 8; 9 10; 11 12] = [58 64; 139 154]
        float[] a = [1, 2, 3, 4, 5, 6], b = [7, 8, 9, 10, 11, 12], c = new float[4];
        Gemm.Sgemm(false, false, 2, 2, 3, 1f, a, 3, b, 2, 0f, c, 2);
        Assert.Equal([58f, 64f, 139f, 154f], c);
        // A^T stored as 3x2, B^T stored as 2x3.
        float[] at = [1, 4, 2, 5, 3, 6], bt = [7, 9, 11, 8, 10, 12];
        Gemm.Sgemm(true, true, 2, 2, 3, 1f, at, 2, bt, 3, 0f, c, 2);
        Assert.Equal([58f, 64f, 139f, 154f], c);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void BatchedMatchesPerMatrixReference(int threads)
    {
        var rng = new Random(11);
        foreach (var (m, n, k, batch) in new[] { (5, 7, 9, 6), (33, 40, 50, 3), (1, 1, 1, 4) })
            foreach (bool sharedB in new[] { false, true })
            {
                int lda = k + 1, ldb = n + 2, ldc = n + 1;
                long sa = (long)m * lda + 3, sb = sharedB ? 0 : (long)k * ldb + 1, sc = (long)m * ldc + 2;
                float[] a = Random(rng, (int)(sa * batch)), b = Random(rng, (int)(sharedB ? k * ldb : sb * batch));
                float[] c = Random(rng, (int)(sc * batch));
                float[] c0 = (float[])c.Clone();
                fixed (float* pa = a, pb = b, pc = c)
                    Gemm.RunBatched(Simd.Path, threads, false, false, m, n, k, 1.25f, pa, lda, sa, pb, ldb, sb, 0.5f, pc, ldc, sc, batch);
                for (int i = 0; i < batch; i++)
                    AssertClose(false, false, m, n, k, 1.25f, a.AsSpan((int)(i * sa)), lda, b.AsSpan((int)(i * sb)), ldb,
                        0.5f, c0.AsSpan((int)(i * sc)), c.AsSpan((int)(i * sc)), ldc, null, false, $"batch {i}");
                // Gaps between the batch entries are untouched.
                Assert.Equal(c0[m * ldc + 1], c[m * ldc + 1]);
            }
    }

    [Fact]
    public void BatchedSpanOverloadValidatesAndComputes()
    {
        float[] a = [1, 2, 3, 4], b = [2, 3], c = new float[4];
        // Two 1x2 * 2x1 products: [1 2].[2 3] = 8, [3 4].[2 3] = 18 (B shared).
        Gemm.SgemmBatched(false, false, 1, 1, 2, 1f, a, 2, 2, b, 1, 0, 0f, c, 1, 2, 2);
        Assert.Equal(8f, c[0]);
        Assert.Equal(18f, c[2]);
        var ex = Assert.Throws<ArgumentException>(() => Gemm.SgemmBatched(false, false, 1, 1, 2, 1f, a, 2, 2, b, 1, 0, 0f, c, 1, 2, 3));
        Assert.Equal("a", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Gemm.SgemmBatched(false, false, 1, 1, 2, 1f, a, 2, 2, b, 1, 0, 0f, c, 1, 0, 2));
        Assert.Equal("strideC", ex.ParamName);
    }

    [Fact]
    public void SpanOverloadValidatesArguments()
    {
        float[] a = new float[6], b = new float[6], c = new float[4];
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 2, 2, 3, 1f, a.AsSpan(0, 5), 3, b, 2, 0f, c, 2));
        Assert.Equal("a", ex.ParamName);
        Assert.Contains("needs 6", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 2, 2, 3, 1f, a, 3, b.AsSpan(0, 5), 2, 0f, c, 2));
        Assert.Equal("b", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 2, 2, 3, 1f, a, 3, b, 2, 0f, c.AsSpan(0, 3), 2));
        Assert.Equal("c", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 2, 2, 3, 1f, a, 2, b, 2, 0f, c, 2));
        Assert.Equal("lda", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, true, 2, 2, 3, 1f, a, 3, b, 2, 0f, c, 2));
        Assert.Equal("ldb", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 2, 2, 3, 1f, a, 3, b, 2, 0f, c, 1));
        Assert.Equal("ldc", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(false, false, -1, 2, 3, 1f, a, 3, b, 2, 0f, c, 2));
        float[] shared = new float[16];
        ex = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 2, 2, 2, 1f, shared.AsSpan(0, 4), 2, b, 2, 0f, shared.AsSpan(2, 4), 2));
        Assert.Equal("c", ex.ParamName);
        ex = Assert.Throws<ArgumentException>(() => Gemm.SgemmBiasAct(false, false, 2, 2, 3, 1f, a, 3, b, 2, 0f, c, 2, new float[1], GemmActivation.Relu));
        Assert.Equal("bias", ex.ParamName);
    }

    [Fact]
    public void SpanBiasActMatchesReference()
    {
        var rng = new Random(3);
        int m = 9, n = 70, k = 31;
        float[] a = Random(rng, m * k), b = Random(rng, n * k), bias = Random(rng, n), c = new float[m * n];
        Array.Fill(c, float.NaN);
        Gemm.SgemmBiasAct(false, true, m, n, k, 1f, a, k, b, k, 0f, c, n, bias, GemmActivation.Relu);
        AssertClose(false, true, m, n, k, 1f, a, k, b, k, 0f, new float[m * n], c, n, bias, true, "span bias relu");
        Assert.Contains(c, x => x == 0f);
    }

    private static void CheckOne(Random rng, SimdPath path, int threads, bool ta, bool tb, int m, int n, int k,
        float alpha, float beta, int pad, bool withBias = false, bool relu = false)
    {
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        float[] a = Random(rng, Math.Max(1, aRows * lda)), b = Random(rng, Math.Max(1, bRows * ldb));
        float[] c = Random(rng, m * ldc);
        if (beta == 0) Array.Fill(c, float.NaN);
        float[] c0 = (float[])c.Clone();
        float[]? bias = withBias ? Random(rng, n) : null;
        fixed (float* pa = a, pb = b, pc = c, pbias = bias)
            Gemm.SgemmCore(path, threads, ta, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, pbias,
                relu ? GemmActivation.Relu : GemmActivation.None);
        AssertClose(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c0, c, ldc, bias, relu,
            $"{path} threads={threads} {(ta ? 'T' : 'N')}{(tb ? 'T' : 'N')} m={m} n={n} k={k} alpha={alpha} beta={beta} pad={pad}");
    }

    private static void AssertClose(bool ta, bool tb, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, ReadOnlySpan<float> c0, ReadOnlySpan<float> c, int ldc,
        float[]? bias, bool relu, string what)
    {
        double tol = 1e-5 * Math.Sqrt(k + 1);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, mag = 0;
                for (int p = 0; p < k; p++)
                {
                    double t = (double)(ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                    sum += t;
                    mag += Math.Abs(t);
                }
                double expected = alpha * sum;
                mag = Math.Abs(alpha) * mag;
                if (beta != 0)
                {
                    expected += beta * (double)c0[i * ldc + j];
                    mag += Math.Abs(beta * c0[i * ldc + j]);
                }
                if (bias is not null)
                {
                    expected += bias[j];
                    mag += Math.Abs(bias[j]);
                }
                if (relu) expected = Math.Max(expected, 0);
                double got = c[i * ldc + j];
                if (!(Math.Abs(got - expected) <= tol * mag + 1e-30))
                    Assert.Fail($"{what}: C[{i},{j}] = {got}, expected {expected} (tolerance {tol * mag:G3})");
            }
        // Padding columns of C are never written.
        for (int i = 0; i < m; i++)
            for (int j = n; j < ldc && i * ldc + j < c.Length; j++)
                if (!c[i * ldc + j].Equals(c0[i * ldc + j]))
                    Assert.Fail($"{what}: padding C[{i},{j}] was written");
    }

    private static float[] Random(Random rng, int length)
    {
        var x = new float[length];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }
}

/// <summary>Tests that change process-wide kernel settings; run alone so they cannot disturb other tests.</summary>
[CollectionDefinition(nameof(KernelSettingsCollection), DisableParallelization = true)]
public sealed class KernelSettingsCollection;

[Collection(nameof(KernelSettingsCollection))]
public sealed class KernelSettingsTests
{
    [Fact]
    public void ForcedPathIsReportedAndUsedByThePublicEntryPoints()
    {
        float[] a = [1, 2, 3, 4, 5, 6], b = [7, 8, 9, 10, 11, 12];
        try
        {
            foreach (SimdPath p in Enum.GetValues<SimdPath>())
            {
                Simd.ForcedPath = p;
                Assert.Equal(p, Simd.Path);
                Assert.Equal(p switch { SimdPath.Vector512 => 512, SimdPath.Vector256 => 256, _ => 128 }, Simd.WidthBits);
                var c = new float[4];
                Gemm.Sgemm(false, false, 2, 2, 3, 1f, a, 3, b, 2, 0f, c, 2);
                Assert.Equal([58f, 64f, 139f, 154f], c);
            }
        }
        finally { Simd.ForcedPath = null; }
    }

    [Fact]
    public void KernelThreadsRejectsLessThanOne()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => KernelThreads.Count = 0);
        Assert.Contains("at least 1", ex.Message);
        Assert.True(KernelThreads.Count >= 1);
    }

    [Fact]
    public void PoolRespectsKernelThreadsCount()
    {
        int saved = KernelThreads.Count;
        try
        {
            KernelThreads.Count = 1;
            var probe = new WorkerPoolTests.ParticipantProbe { Seen = new int[8] };
            Assert.Equal(1, WorkerPool.Run(4, ref probe));
            Assert.Equal(1, probe.Seen[0]);
            Assert.Equal(0, probe.Seen[1]);

            KernelThreads.Count = 2;
            probe = new WorkerPoolTests.ParticipantProbe { Seen = new int[8] };
            int ran = WorkerPool.Run(4, ref probe);
            Assert.Equal(2, ran);
            Assert.Equal([1, 1, 0, 0], probe.Seen[..4]);
        }
        finally { KernelThreads.Count = saved; }
    }
}
