using Nabla.Kernels.GemmInternals;

namespace Nabla.Kernels;

/// <summary>Activation fused into the store of a GEMM (see <c>Gemm.SgemmBiasAct</c>).</summary>
public enum GemmActivation
{
    /// <summary>No activation.</summary>
    None,
    /// <summary>ReLU: max(x, 0).</summary>
    Relu,
}

/// <summary>
/// Single-precision matrix multiplication on row-major matrices (BLAS <c>sgemm</c> semantics):
/// <c>C = alpha * op(A) * op(B) + beta * C</c>, where op(A) is m x k, op(B) is k x n and C is m x n.
/// op(X) is X, or X transposed when its flag is set; a matrix stored with leading dimension <c>ld</c> has element
/// (r, c) at <c>x[r * ld + c]</c>. When beta is 0, C's previous contents are not read (NaN there is harmless);
/// when alpha is 0 or k is 0, A and B are not read.
/// </summary>
/// <remarks>
/// Packed, cache-blocked and register-blocked (BLIS-style) with AVX-512, AVX2/FMA or 128-bit (SSE / ARM64
/// AdvSimd) micro-kernels chosen at run time (<see cref="Simd.Path"/>), and multi-threaded over a persistent
/// worker pool up to <see cref="KernelThreads.Count"/> threads for products large enough to profit.
/// </remarks>
public static unsafe class Gemm
{
    /// <summary><c>C = alpha * op(A) * op(B) + beta * C</c> on raw pointers (see the class summary).</summary>
    /// <param name="transA">Use A transposed: A is stored k x m instead of m x k.</param>
    /// <param name="transB">Use B transposed: B is stored n x k instead of k x n.</param>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">First element of A.</param>
    /// <param name="lda">Distance between consecutive stored rows of A (at least its stored column count; any value
    /// when the product is empty).</param>
    /// <param name="b">First element of B.</param>
    /// <param name="ldb">Distance between consecutive stored rows of B.</param>
    /// <param name="beta">Scale of C's previous contents (0: ignore them).</param>
    /// <param name="c">First element of C (must not overlap A or B).</param>
    /// <param name="ldc">Distance between consecutive rows of C (at least n).</param>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda,
        float* b, int ldb, float beta, float* c, int ldc)
    {
        CheckShape(transA, transB, m, n, k, lda, ldb, ldc);
        GemmDriver.Run(Simd.Path, int.MaxValue, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, null, false);
    }

    /// <summary>
    /// <c>C = alpha * op(A) * op(B) + beta * C</c> on spans (see the class summary); the spans must hold the
    /// matrices their shapes and leading dimensions describe.
    /// </summary>
    /// <exception cref="ArgumentException">A span is too short, C overlaps A or B, or a leading dimension is too small.</exception>
    /// <exception cref="ArgumentOutOfRangeException">m, n or k is negative.</exception>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        CheckSpans(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc, 0, 0, 0, 1);
        fixed (float* pa = a, pb = b, pc = c)
            GemmDriver.Run(Simd.Path, int.MaxValue, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, null, false);
    }

    /// <summary>
    /// Fused layer product: <c>C = act(alpha * op(A) * op(B) + beta * C + bias)</c>, the bias (length n, or null for
    /// none) added to every row. For a Linear layer <c>y = x W^T + b</c> with x [batch, in] and W [out, in]:
    /// <c>SgemmBiasAct(false, true, batch, out, in, 1, x, in, w, in, 0, y, out, b, act)</c>.
    /// </summary>
    public static void SgemmBiasAct(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda,
        float* b, int ldb, float beta, float* c, int ldc, float* bias, GemmActivation activation)
    {
        CheckShape(transA, transB, m, n, k, lda, ldb, ldc);
        CheckActivation(activation);
        GemmDriver.Run(Simd.Path, int.MaxValue, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias,
            activation == GemmActivation.Relu);
    }

    /// <summary>Span form of <see cref="SgemmBiasAct(bool, bool, int, int, int, float, float*, int, float*, int, float, float*, int, float*, GemmActivation)"/>; an empty bias means none.</summary>
    /// <exception cref="ArgumentException">A span is too short (bias must be empty or hold n values), or C overlaps another operand.</exception>
    public static void SgemmBiasAct(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a,
        int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, ReadOnlySpan<float> bias,
        GemmActivation activation)
    {
        CheckSpans(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc, 0, 0, 0, 1);
        CheckActivation(activation);
        if (!bias.IsEmpty && bias.Length < n)
            throw new ArgumentException($"bias holds {bias.Length} values but C has n = {n} columns; pass n values or an empty span.", nameof(bias));
        if (!bias.IsEmpty && c.Overlaps(bias))
            throw new ArgumentException("C must not overlap the bias.", nameof(c));
        fixed (float* pa = a, pb = b, pc = c, pbias = bias)
            GemmDriver.Run(Simd.Path, int.MaxValue, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc,
                bias.IsEmpty ? null : pbias, activation == GemmActivation.Relu);
    }

    /// <summary>
    /// <paramref name="batchCount"/> independent products <c>C_i = alpha * op(A_i) * op(B_i) + beta * C_i</c> where
    /// <c>X_i</c> starts at <c>x + i * strideX</c>. A stride of 0 shares one matrix across the batch (not allowed
    /// for C). Small products run in parallel across the batch, large ones each in parallel.
    /// </summary>
    public static void SgemmBatched(bool transA, bool transB, int m, int n, int k, float alpha, float* a, int lda,
        long strideA, float* b, int ldb, long strideB, float beta, float* c, int ldc, long strideC, int batchCount)
    {
        CheckShape(transA, transB, m, n, k, lda, ldb, ldc);
        CheckBatch(strideA, strideB, strideC, batchCount, m, n, ldc);
        RunBatched(Simd.Path, int.MaxValue, transA, transB, m, n, k, alpha, a, lda, strideA, b, ldb, strideB, beta, c,
            ldc, strideC, batchCount);
    }

    /// <summary>Span form of <see cref="SgemmBatched(bool, bool, int, int, int, float, float*, int, long, float*, int, long, float, float*, int, long, int)"/>.</summary>
    /// <exception cref="ArgumentException">A span is too short for the last matrix of the batch, or C overlaps A or B.</exception>
    public static void SgemmBatched(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a,
        int lda, long strideA, ReadOnlySpan<float> b, int ldb, long strideB, float beta, Span<float> c, int ldc,
        long strideC, int batchCount)
    {
        CheckBatch(strideA, strideB, strideC, batchCount, m, n, ldc);
        CheckSpans(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc, strideA, strideB, strideC, batchCount);
        fixed (float* pa = a, pb = b, pc = c)
            RunBatched(Simd.Path, int.MaxValue, transA, transB, m, n, k, alpha, pa, lda, strideA, pb, ldb, strideB,
                beta, pc, ldc, strideC, batchCount);
    }

    /// <summary>Test entry: as <see cref="Sgemm(bool, bool, int, int, int, float, float*, int, float*, int, float, float*, int)"/> on a given SIMD path and thread cap.</summary>
    internal static void SgemmCore(SimdPath path, int maxThreads, bool transA, bool transB, int m, int n, int k,
        float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, float* bias = null,
        GemmActivation activation = GemmActivation.None)
    {
        CheckShape(transA, transB, m, n, k, lda, ldb, ldc);
        GemmDriver.Run(path, maxThreads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias,
            activation == GemmActivation.Relu);
    }

    internal static void RunBatched(SimdPath path, int maxThreads, bool transA, bool transB, int m, int n, int k,
        float alpha, float* a, int lda, long strideA, float* b, int ldb, long strideB, float beta, float* c, int ldc,
        long strideC, int batchCount)
    {
        if (batchCount <= 0) return;
        if (batchCount == 1 || (long)m * n * k >= GemmDriver.ParallelThreshold)
        {
            for (int i = 0; i < batchCount; i++)
                GemmDriver.Run(path, maxThreads, transA, transB, m, n, k, alpha, a + i * strideA, lda,
                    b + i * strideB, ldb, beta, c + i * strideC, ldc, null, false);
            return;
        }
        var body = new BatchBody
        {
            Path = path, TransA = transA, TransB = transB, M = m, N = n, K = k, Alpha = alpha, Beta = beta,
            A = a, B = b, C = c, Lda = lda, Ldb = ldb, Ldc = ldc, StrideA = strideA, StrideB = strideB, StrideC = strideC,
        };
        WorkerPool.For(batchCount, ref body, maxThreads);
    }

    private struct BatchBody : IParallelFor
    {
        public SimdPath Path;
        public bool TransA, TransB;
        public int M, N, K, Lda, Ldb, Ldc;
        public float Alpha, Beta;
        public float* A, B, C;
        public long StrideA, StrideB, StrideC;

        public readonly void Invoke(int i) =>
            GemmDriver.Run(Path, 1, TransA, TransB, M, N, K, Alpha, A + i * StrideA, Lda, B + i * StrideB, Ldb, Beta,
                C + i * StrideC, Ldc, null, false);
    }

    private static void CheckShape(bool transA, bool transB, int m, int n, int k, int lda, int ldb, int ldc)
    {
        if (m < 0) throw new ArgumentOutOfRangeException(nameof(m), m, "m (rows of op(A) and C) must not be negative.");
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "n (columns of op(B) and C) must not be negative.");
        if (k < 0) throw new ArgumentOutOfRangeException(nameof(k), k, "k (the inner dimension) must not be negative.");
        if (lda < 0 || ldb < 0 || ldc < 0)
            throw new ArgumentOutOfRangeException(lda < 0 ? nameof(lda) : ldb < 0 ? nameof(ldb) : nameof(ldc),
                "Leading dimensions must not be negative.");
        // An empty product reads and writes nothing, so any leading dimension goes (e.g. ldc = n = 0); when k is 0
        // only C is touched.
        if (m == 0 || n == 0) return;
        if (ldc < n)
            throw new ArgumentException($"ldc = {ldc} is less than the n = {n} columns of C.", nameof(ldc));
        if (k == 0) return;
        int aCols = transA ? m : k, bCols = transB ? k : n;
        if (lda < aCols)
            throw new ArgumentException($"lda = {lda} is less than the {aCols} stored columns of A ({(transA ? "k x m, transposed" : "m x k")}).", nameof(lda));
        if (ldb < bCols)
            throw new ArgumentException($"ldb = {ldb} is less than the {bCols} stored columns of B ({(transB ? "n x k, transposed" : "k x n")}).", nameof(ldb));
    }

    private static void CheckActivation(GemmActivation activation)
    {
        if (activation is not (GemmActivation.None or GemmActivation.Relu))
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown GemmActivation.");
    }

    private static void CheckBatch(long strideA, long strideB, long strideC, int batchCount, int m, int n, int ldc)
    {
        if (batchCount < 0)
            throw new ArgumentOutOfRangeException(nameof(batchCount), batchCount, "batchCount must not be negative.");
        if (strideA < 0 || strideB < 0)
            throw new ArgumentOutOfRangeException(strideA < 0 ? nameof(strideA) : nameof(strideB), "Batch strides must not be negative.");
        if (batchCount > 1 && m > 0 && n > 0 && strideC < (long)(m - 1) * ldc + n)
            throw new ArgumentException($"strideC = {strideC} makes the C matrices of the batch overlap; it must be at least (m - 1) * ldc + n = {(long)(m - 1) * ldc + n}.", nameof(strideC));
    }

    /// <summary>Elements a stored rows x cols matrix with leading dimension ld spans (0 when empty).</summary>
    private static long Extent(int rows, int cols, int ld) => rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;

    private static void CheckSpans(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a,
        int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, long strideA, long strideB, long strideC, int batch)
    {
        CheckShape(transA, transB, m, n, k, lda, ldb, ldc);
        if (batch == 0) return;
        bool readsAB = alpha != 0 && k > 0 && m > 0 && n > 0;
        if (readsAB)
        {
            long needA = Extent(transA ? k : m, transA ? m : k, lda) + (batch - 1) * strideA;
            if (a.Length < needA)
                throw new ArgumentException($"A holds {a.Length} floats but a {(transA ? $"{k} x {m}" : $"{m} x {k}")} matrix with lda = {lda}{(batch > 1 ? $" and {batch} batch entries at strideA = {strideA}" : "")} needs {needA}.", nameof(a));
            long needB = Extent(transB ? n : k, transB ? k : n, ldb) + (batch - 1) * strideB;
            if (b.Length < needB)
                throw new ArgumentException($"B holds {b.Length} floats but a {(transB ? $"{n} x {k}" : $"{k} x {n}")} matrix with ldb = {ldb}{(batch > 1 ? $" and {batch} batch entries at strideB = {strideB}" : "")} needs {needB}.", nameof(b));
        }
        long needC = Extent(m, n, ldc) + (needCBatch(m, n) ? (batch - 1) * strideC : 0);
        if (c.Length < needC)
            throw new ArgumentException($"C holds {c.Length} floats but an {m} x {n} matrix with ldc = {ldc}{(batch > 1 ? $" and {batch} batch entries at strideC = {strideC}" : "")} needs {needC}.", nameof(c));
        if (readsAB && (c.Overlaps(a) || c.Overlaps(b)))
            throw new ArgumentException("C must not overlap A or B (the product is written while they are read).", nameof(c));

        static bool needCBatch(int m, int n) => m > 0 && n > 0;
    }
}
