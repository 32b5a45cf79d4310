using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nabla.Kernels.GemmInternals;

/// <summary>
/// The BLIS-style loop nest around the micro-kernels:
/// <code>
/// for jc in N step NC                  B block: kc x nc, packed once, shared by all threads
///   for pc in K step KC                (threads pack disjoint B panels, then one barrier)
///     for ic in (this thread's rows) step MC      A block: mc x kc, packed per thread (L2)
///       for jr in (this thread's columns) step NR  B micro-panel kc x NR
///         for ir in ic block step MR               A micro-panel MR x kc
///           micro-kernel: C[ir.., jr..] (MR x NR) += A panel * B panel
/// </code>
/// Threads split the rows and/or columns of C in a grid chosen per call; the shared B block is double-buffered
/// so one barrier per (jc, pc) step suffices. beta is applied on the first k block, bias and activation on the
/// last one.
/// </summary>
internal static unsafe class GemmDriver
{
    /// <summary>k-block (depth of packed panels). Tunable for experiments; not thread-safe to change mid-call.</summary>
    internal static int KC = 256;

    /// <summary>Rows of C per packed A block (rounded to a multiple of MR).</summary>
    internal static int MC = 96;

    /// <summary>Columns of C per packed B block (rounded to a multiple of NR).</summary>
    internal static int NC = 1024;

    /// <summary>Below this many multiply-adds (m*n*k) a product stays on one thread.</summary>
    internal static long ParallelThreshold = 1L << 19;

    [ThreadStatic] private static float[]? t_buffer;
    [ThreadStatic] private static bool t_bufferInUse;

    public static void Run(SimdPath path, int maxThreads, bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc, float* bias, bool relu)
    {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0)
        {
            ScaleC(m, n, beta, c, ldc, bias, relu);
            return;
        }
        switch (path)
        {
            case SimdPath.Vector512:
                Run<Kernel512>(maxThreads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias, relu);
                break;
            case SimdPath.Vector256:
                Run<Kernel256>(maxThreads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias, relu);
                break;
            default:
                Run<Kernel128>(maxThreads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, bias, relu);
                break;
        }
    }

    private static void Run<TK>(int maxThreads, bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc, float* bias, bool relu)
        where TK : struct, IMicroKernel
    {
        int mr = TK.MR, nr = TK.NR;
        int kBlocks = (k + KC - 1) / KC;
        int kc = (k + kBlocks - 1) / kBlocks;
        int nBlocks = (n + NC - 1) / NC;
        int nc = RoundUp((n + nBlocks - 1) / nBlocks, nr);
        int mcPanels = Math.Max(1, MC / mr);

        int threads = (long)m * n * k < ParallelThreshold ? 1 : WorkerPool.Participants(maxThreads);
        // Never more threads than there are tiles to share.
        long tiles = (long)((m + mr - 1) / mr) * ((Math.Min(n, nc) + nr - 1) / nr);
        if (tiles < threads) threads = (int)Math.Max(1, tiles);

        nint bStride = RoundUp(kc * nc, 16);
        nint aStride = RoundUp(mcPanels * mr * kc + GemmPacking.APanelSlack, 16);
        nint bCount = threads > 1 ? 2 : 1;
        long total = bCount * bStride + threads * aStride + 16;

        bool own = !t_bufferInUse;
        float[]? array = own ? t_buffer : null;
        if (array is null || array.Length < total)
        {
            array = GC.AllocateUninitializedArray<float>((int)Math.Min(int.MaxValue, total + 16), pinned: true);
            if (own) t_buffer = array;
        }
        if (own) t_bufferInUse = true;
        try
        {
            float* basePtr = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
            float* aligned = (float*)(((nint)basePtr + 63) & ~(nint)63);
            var region = new Region<TK>
            {
                TransA = transA, TransB = transB, M = m, N = n, K = k, Alpha = alpha, Beta = beta,
                A = a, B = b, C = c, Lda = lda, Ldb = ldb, Ldc = ldc, Bias = bias, Relu = relu,
                Kc = kc, Nc = nc, McPanels = mcPanels,
                BPack = aligned, BStride = bStride, APack = aligned + bCount * bStride, AStride = aStride,
            };
            if (threads <= 1) region.Execute(new RegionContext(0, 1));
            else WorkerPool.Run(threads, ref region);
        }
        finally
        {
            if (own) t_bufferInUse = false;
        }
        GC.KeepAlive(array);
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    /// <summary>Splits <paramref name="count"/> items into <paramref name="parts"/> near-equal ranges.</summary>
    private static void Split(int count, int parts, int index, out int start, out int end)
    {
        int q = count / parts, r = count % parts;
        start = index * q + Math.Min(index, r);
        end = start + q + (index < r ? 1 : 0);
    }

    /// <summary>Chooses a tm x tn thread grid (tm * tn == count) that minimises the largest share of tiles.</summary>
    private static void Grid(int count, int mPanels, int nPanels, out int tm, out int tn)
    {
        tm = count;
        tn = 1;
        long best = long.MaxValue;
        for (int t = count; t >= 1; t--)
        {
            if (count % t != 0) continue;
            int u = count / t;
            long cost = (long)((mPanels + t - 1) / t) * ((nPanels + u - 1) / u);
            if (cost < best)
            {
                best = cost;
                tm = t;
                tn = u;
            }
        }
    }

    private struct Region<TK> : IParallelRegion where TK : struct, IMicroKernel
    {
        public bool TransA, TransB, Relu;
        public int M, N, K, Kc, Nc, McPanels;
        public float Alpha, Beta;
        public float* A, B, C, Bias, BPack, APack;
        public nint Lda, Ldb, Ldc, BStride, AStride;

        public readonly void Execute(in RegionContext ctx)
        {
            int MR = TK.MR, NR = TK.NR;
            float* tile = stackalloc float[MR * NR];
            float* ap = APack + ctx.Index * AStride;
            int mPanels = (M + MR - 1) / MR;
            Grid(ctx.Count, mPanels, (Math.Min(N, Nc) + NR - 1) / NR, out int tm, out int tn);
            int ti = ctx.Index % tm, tj = ctx.Index / tm;
            Split(mPanels, tm, ti, out int ip0, out int ip1);
            int iter = 0;
            for (int jc = 0; jc < N; jc += Nc)
            {
                int ncur = Math.Min(Nc, N - jc);
                int nPanels = (ncur + NR - 1) / NR;
                Split(nPanels, tn, tj, out int jp0, out int jp1);
                for (int pc = 0; pc < K; pc += Kc, iter++)
                {
                    int kcur = Math.Min(Kc, K - pc);
                    float* bp = BPack + (ctx.Count > 1 ? (iter & 1) * BStride : 0);
                    Split(nPanels, ctx.Count, ctx.Index, out int q0, out int q1);
                    for (int q = q0; q < q1; q++)
                    {
                        int j = jc + q * NR;
                        float* src = TransB ? B + j * Ldb + pc : B + pc * Ldb + j;
                        GemmPacking.PackB(TransB, src, Ldb, kcur, Math.Min(NR, N - j), NR, bp + (nint)q * NR * kcur);
                    }
                    ctx.Barrier();

                    float beta = pc == 0 ? Beta : 1f;
                    bool last = pc + kcur >= K;
                    bool relu = last && Relu;
                    for (int ib = ip0; ib < ip1; ib += McPanels)
                    {
                        int ibEnd = Math.Min(ib + McPanels, ip1);
                        for (int ip = ib; ip < ibEnd; ip++)
                        {
                            int i = ip * MR;
                            float* src = TransA ? A + pc * Lda + i : A + i * Lda + pc;
                            GemmPacking.PackA(TransA, src, Lda, Math.Min(MR, M - i), kcur, MR, ap + (nint)(ip - ib) * MR * kcur);
                        }
                        for (int jp = jp0; jp < jp1; jp++)
                        {
                            int j = jc + jp * NR;
                            int nr = Math.Min(NR, N - j);
                            float* bpanel = bp + (nint)jp * NR * kcur;
                            float* bias = last && Bias != null ? Bias + j : null;
                            for (int ip = ib; ip < ibEnd; ip++)
                            {
                                int i = ip * MR;
                                int mr = Math.Min(MR, M - i);
                                float* apanel = ap + (nint)(ip - ib) * MR * kcur;
                                float* cc = C + i * Ldc + j;
                                if (mr == MR && nr == NR)
                                {
                                    TK.Run(kcur, apanel, bpanel, cc, Ldc, Alpha, beta, bias, relu);
                                }
                                else
                                {
                                    TK.Run(kcur, apanel, bpanel, tile, NR, Alpha, 0f, null, false);
                                    MergeEdge(tile, NR, cc, Ldc, mr, nr, beta, bias, relu);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>C[i, j] = tile[i, j] + beta*C[i, j] (+ bias[j]) (ReLU) for a partial tile.</summary>
    private static void MergeEdge(float* tile, nint ldt, float* c, nint ldc, int mr, int nr, float beta, float* bias, bool relu)
    {
        for (int i = 0; i < mr; i++)
        {
            float* t = tile + i * ldt;
            float* row = c + i * ldc;
            for (int j = 0; j < nr; j++)
            {
                float v = t[j];
                if (beta != 0) v += beta * row[j];
                if (bias != null) v += bias[j];
                if (relu) v = MathF.Max(v, 0f);
                row[j] = v;
            }
        }
    }

    /// <summary>C = beta*C (+ bias) (ReLU), for k == 0 or alpha == 0; beta == 0 overwrites C without reading it.</summary>
    private static void ScaleC(int m, int n, float beta, float* c, nint ldc, float* bias, bool relu)
    {
        for (int i = 0; i < m; i++)
        {
            float* row = c + i * ldc;
            for (int j = 0; j < n; j++)
            {
                float v = beta == 0 ? 0f : beta * row[j];
                if (bias != null) v += bias[j];
                if (relu) v = MathF.Max(v, 0f);
                row[j] = v;
            }
        }
    }
}
