using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nabla.Kernels.GemmInternals;

/// <summary>
/// The BLIS-style loop nest around the micro-kernels:
/// <code>
/// for jc in N step NC                      B block: kc x nc, packed once per (jc, pc), shared by all threads
///   for pc in K step KC                    (an untransposed B is read in place when m is small)
///     for ic in M step MChunk              A chunk: packed once, shared by all threads (fits L2)
///       for (ir group, jr) work units      a group of up to MC rows of A panels x one B micro-panel (kc x NR)
///         for ir in group step MR
///           micro-kernel: C[ir.., jr..] (MR x NR) = alpha * A panel * B panel + beta' * C
/// </code>
/// Each iteration (jc, pc, chunk) first packs (units claimed with an atomic counter, then one wait until all
/// are packed), then computes: every participant owns a contiguous range of compute units and steals from the
/// others' when done, so the work balances itself and nobody waits for a particular (possibly descheduled)
/// thread. Buffers alternate between iterations; a tile's k blocks are applied in order through per-unit flags,
/// so results are bitwise identical for any thread count. beta is applied on the first k block (1 afterwards),
/// bias and activation on the last one. Defaults (KC 512, MChunk 192, MC 96, NC 1024) were tuned on AMD Zen 5
/// (48 KiB L1d, 1 MiB L2 per core); the packing buffers (about 5 MB at most) are kept per calling thread.
/// </summary>
internal static unsafe class GemmDriver
{
    /// <summary>k-block (depth of packed panels); k is split into equal blocks of at most this. Tunable for
    /// experiments (benchmarks, tests); not to be changed while a product runs.</summary>
    internal static int KC = 512;

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

    /// <summary>Rows of C whose packed A panels are held at once (one "chunk"; a multiple of every MR).</summary>
    internal static int MChunk = 192;

    private const int CounterStride = 32; // ints per iteration: two cache lines
    private const int ClaimPack = 0, DonePack = 1, DoneCompute = 3, PackUnits = 4, ComputeUnits = 5,
        FlagBase = 6;

    private static void Run<TK>(int maxThreads, bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc, float* bias, bool relu)
        where TK : struct, IMicroKernel
    {
        int mr = TK.MR, nr = TK.NR;
        int kBlocks = (k + KC - 1) / KC;
        int kc = (k + kBlocks - 1) / kBlocks;
        int nBlocks = (n + NC - 1) / NC;
        int nc = RoundUp((n + nBlocks - 1) / nBlocks, nr);
        int mChunks = (m + MChunk - 1) / MChunk;
        int chunkRows = RoundUp((m + mChunks - 1) / mChunks, mr);
        int mcPanels = Math.Max(1, MC / mr);

        int threads = (long)m * n * k < ParallelThreshold ? 1 : WorkerPool.Participants(maxThreads);
        long tiles = (long)((m + mr - 1) / mr) * ((Math.Min(n, nc) + nr - 1) / nr);
        if (tiles < threads) threads = (int)Math.Max(1, tiles);

        int iterations = nBlocks * kBlocks * mChunks;
        nint bStride = RoundUp(kc * nc, 16);
        nint aStride = RoundUp(chunkRows * kc + GemmPacking.APanelSlack, 16);
        nint buffers = threads > 1 ? 2 : 1;
        // Per-unit completion flags: a C tile's k blocks must be applied in order, so a unit waits for the
        // same unit of the previous k block (at most 2 * units per thread per iteration, see IrGroups).
        long maxUnits = (long)((nc + nr - 1) / nr) * Math.Min((chunkRows + mr - 1) / mr,
            Math.Max((chunkRows / mr + mcPanels - 1) / mcPanels, UnitsPerThread * threads));
        long total = buffers * (bStride + aStride) + (long)iterations * (CounterStride + maxUnits) + 16;

        bool own = !t_bufferInUse;
        float[]? array = own ? t_buffer : null;
        if (array is null || array.Length < total + 16)
        {
            array = GC.AllocateUninitializedArray<float>((int)Math.Min(int.MaxValue, total + 16), pinned: true);
            if (own) t_buffer = array;
        }
        if (own) t_bufferInUse = true;
        try
        {
            float* basePtr = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
            float* aligned = (float*)(((nint)basePtr + 63) & ~(nint)63);
            int* counters = (int*)(aligned + buffers * (bStride + aStride));
            var region = new Region<TK>
            {
                TransA = transA, TransB = transB, M = m, N = n, K = k, Alpha = alpha, Beta = beta,
                A = a, B = b, C = c, Lda = lda, Ldb = ldb, Ldc = ldc, Bias = bias, Relu = relu,
                Kc = kc, Nc = nc, ChunkRows = chunkRows, McPanels = mcPanels, Multi = threads > 1,
                BPack = aligned, BStride = bStride, APack = aligned + buffers * bStride, AStride = aStride,
                Counters = counters, MChunks = mChunks, DirectB = UseBInPlace(transB, m, ldb, kc, nr),
            };
            // Work units of every iteration (jc, pc, chunk), in loop order.
            int t = 0, flags = iterations * CounterStride;
            for (int jc = 0; jc < n; jc += nc)
            {
                int nPanels = (Math.Min(nc, n - jc) + nr - 1) / nr;
                for (int pc = 0; pc < k; pc += kc)
                    for (int ic = 0; ic < m; ic += chunkRows, t++)
                    {
                        int mPanels = (Math.Min(chunkRows, m - ic) + mr - 1) / mr;
                        int* ctr = counters + t * CounterStride;
                        new Span<int>(ctr, CounterStride).Clear();
                        ctr[PackUnits] = (ic == 0 ? BPackUnits(nPanels, Math.Min(nc, n - jc), nr, region.DirectB) : 0)
                            + (mPanels + APackGroup - 1) / APackGroup;
                        int units = nPanels * IrGroups(mPanels, nPanels, mcPanels, threads);
                        ctr[ComputeUnits] = units;
                        ctr[FlagBase] = flags;
                        new Span<int>(counters + flags, units).Clear();
                        flags += units;
                    }
            }
            if (threads <= 1) region.Execute(new RegionContext(0, 1));
            else WorkerPool.Run(threads, ref region, optional: true);
        }
        finally
        {
            if (own) t_bufferInUse = false;
        }
        GC.KeepAlive(array);
    }

    /// <summary>Compute units per thread a chunk aims for (finer units balance better, coarser reuse B longer).</summary>
    internal static int UnitsPerThread = 4;

    /// <summary>MR-panels of A packed per pack unit.</summary>
    private const int APackGroup = 4;

    /// <summary>How many row groups a chunk's compute splits into: at most MC rows each, and enough units to balance.</summary>
    private static int IrGroups(int mPanels, int nPanels, int mcPanels, int threads)
    {
        int groups = (mPanels + mcPanels - 1) / mcPanels;
        int wanted = threads > 1 ? (UnitsPerThread * threads + nPanels - 1) / nPanels : 1;
        return Math.Min(mPanels, Math.Max(groups, wanted));
    }

    private static int RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * multiple;

    private const int PackOwnerBase = 8, OwnerBase = 20, MaxOwners = 12;

    /// <summary>Compute ranges run along B panels when the packed B block is this many times wider than the A chunk.</summary>
    internal static int BMajorRatio = 1;

    /// <summary>Largest m for which an untransposed B is read in place instead of packed.</summary>
    internal static int BInPlaceMaxM = 256;

    /// <summary>
    /// Whether the kernels read an untransposed B straight from the source. Packing B costs a copy of each
    /// kc x nc block that only pays off when many rows of A reuse it; for small m (MLP batches) reading rows of B
    /// in place is cheaper, provided the row stride does not pile a panel's kc rows onto too few L2 sets
    /// (1024 sets of 16 ways: strides that are multiples of 2 KiB would).
    /// </summary>
    private static bool UseBInPlace(bool transB, int m, nint ldb, int kc, int nr)
    {
        if (transB || m > BInPlaceMaxM || nr < 16) return false;
        long strideBytes = ldb * sizeof(float);
        if (strideBytes % 64 != 0) return true; // rows start at varying line offsets
        long lines = strideBytes / 64, sets = 1024;
        long distinct = sets / Gcd(lines % sets == 0 ? sets : lines % sets, sets);
        return distinct * 8 >= kc; // at most ~8 of a panel's lines per set
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    /// <summary>B panels packed per (jc, pc): all, or in place only the partial last one.</summary>
    private static int BPackUnits(int nPanels, int ncur, int nr, bool direct) =>
        !direct ? nPanels : ncur % nr != 0 ? 1 : 0;

    /// <summary>
    /// Claims the next compute unit: first from this participant's own range of <paramref name="units"/>, then from
    /// the others' (in turn from <paramref name="victim"/>); -1 when every unit is claimed.
    /// </summary>
    private static int ClaimUnit(int* ctr, int units, int owners, int self, ref int victim)
    {
        for (; victim < owners; victim++)
        {
            int owner = (self + victim) % owners;
            int start = (int)((long)units * owner / owners), end = (int)((long)units * (owner + 1) / owners);
            if (Volatile.Read(ref ctr[owner]) >= end - start) continue;
            int u = start + Interlocked.Increment(ref ctr[owner]) - 1;
            if (u < end) return u;
        }
        return -1;
    }

    private static void WaitFor(int* counter, int value)
    {
        if (Volatile.Read(ref *counter) >= value) return;
        var spin = new SpinWait();
        while (Volatile.Read(ref *counter) < value) spin.SpinOnce(sleep1Threshold: -1);
    }

    /// <summary>
    /// One participant's loop. Iterations (jc, pc, chunk) run in order; in each, participants first claim pack
    /// units (B panels on a chunk's first pass, then groups of A panels) and wait until all are packed, then claim
    /// compute units (one B panel x a group of A panels). Nobody waits for a given thread: whoever is running
    /// takes the next unit. Buffers alternate between iterations, so packing iteration t only waits until
    /// iteration t - 2 is computed.
    /// </summary>
    private struct Region<TK> : IParallelRegion where TK : struct, IMicroKernel
    {
        public bool TransA, TransB, Relu, Multi;
        public int M, N, K, Kc, Nc, ChunkRows, McPanels;
        public float Alpha, Beta;
        public float* A, B, C, Bias, BPack, APack;
        public nint Lda, Ldb, Ldc, BStride, AStride;
        public int* Counters;
        public int MChunks;
        public bool DirectB;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(in RegionContext ctx)
        {
            int MR = TK.MR, NR = TK.NR;
            float* tile = stackalloc float[MR * NR];
            int t = 0, s = 0;
            for (int jc = 0; jc < N; jc += Nc)
            {
                int ncur = Math.Min(Nc, N - jc);
                int nPanels = (ncur + NR - 1) / NR;
                for (int pc = 0; pc < K; pc += Kc, s++)
                {
                    int kcur = Math.Min(Kc, K - pc);
                    float* bp = BPack + (Multi ? (s & 1) * BStride : 0);
                    float beta = pc == 0 ? Beta : 1f;
                    bool last = pc + kcur >= K;
                    bool relu = last && Relu;
                    for (int ic = 0; ic < M; ic += ChunkRows, t++)
                    {
                        int* ctr = Counters + t * CounterStride;
                        float* ap = APack + (Multi ? (t & 1) * AStride : 0);
                        int mPanels = (Math.Min(ChunkRows, M - ic) + MR - 1) / MR;
                        int bUnits = ic == 0 ? BPackUnits(nPanels, ncur, NR, DirectB) : 0;
                        int bFirst = nPanels - bUnits; // in place, only the partial last panel is packed
                        if (Multi && t >= 2) WaitFor(Counters + (t - 2) * CounterStride + DoneCompute, Counters[(t - 2) * CounterStride + ComputeUnits]);

                        // Packed B panels are big: each participant packs the ones its own compute range will use
                        // (when B is the larger operand, see bMajor), then helps with the rest, then with A.
                        int owners = Math.Min(ctx.Count, MaxOwners), self = ctx.Index % owners, victim = 0;
                        int packUnits = ctr[PackUnits], u;
                        while ((u = ClaimUnit(ctr + PackOwnerBase, bUnits, owners, self, ref victim)) >= 0
                            || (u = bUnits + Interlocked.Increment(ref ctr[ClaimPack]) - 1) < packUnits)
                        {
                            if (u < bUnits)
                            {
                                int q = bFirst + u, j = jc + q * NR;
                                float* src = TransB ? B + j * Ldb + pc : B + pc * Ldb + j;
                                GemmPacking.PackB(TransB, src, Ldb, kcur, Math.Min(NR, N - j), NR, bp + (nint)q * NR * kcur);
                            }
                            else
                            {
                                int p0 = (u - bUnits) * APackGroup, p1 = Math.Min(p0 + APackGroup, mPanels);
                                for (int ip = p0; ip < p1; ip++)
                                {
                                    int i = ic + ip * MR;
                                    float* src = TransA ? A + pc * Lda + i : A + i * Lda + pc;
                                    GemmPacking.PackA(TransA, src, Lda, Math.Min(MR, M - i), kcur, MR,
                                        ap + (nint)ip * MR * kcur, i + 8 <= M);
                                }
                            }
                            Interlocked.Increment(ref ctr[DonePack]);
                        }
                        WaitFor(&ctr[DonePack], packUnits);

                        int computeUnits = ctr[ComputeUnits];
                        int groups = computeUnits / nPanels;
                        int* flags = Counters + ctr[FlagBase];
                        // The same tiles in the previous k block (same jc and chunk): MChunks iterations back.
                        int* before = pc > 0 ? Counters + Counters[(t - MChunks) * CounterStride + FlagBase] : null;
                        // Each participant owns a contiguous range of units and steals from the others' ranges when
                        // done. Ranges run along the larger packed operand so that it stays in the owner's cache:
                        // B-panel major when this block's packed B outweighs the A chunk, row-group major otherwise.
                        bool bMajor = !DirectB && ncur > ChunkRows * BMajorRatio;
                        victim = 0;
                        while ((u = ClaimUnit(ctr + OwnerBase, computeUnits, owners, self, ref victim)) >= 0)
                        {
                            if (before != null) WaitFor(before + u, 1);
                            int g, jp;
                            if (bMajor) { jp = u / groups; g = u - jp * groups; }
                            else { g = u / nPanels; jp = u - g * nPanels; }
                            int ip0 = (int)((long)mPanels * g / groups), ip1 = (int)((long)mPanels * (g + 1) / groups);
                            int j = jc + jp * NR;
                            int nr = Math.Min(NR, N - j);
                            bool inPlace = DirectB && nr == NR;
                            float* bpanel = inPlace ? B + pc * Ldb + j : bp + (nint)jp * NR * kcur;
                            nint ldbp = inPlace ? Ldb : NR;
                            float* bias = last && Bias != null ? Bias + j : null;
                            for (int ip = ip0; ip < ip1; ip++)
                            {
                                int i = ic + ip * MR;
                                int mr = Math.Min(MR, M - i);
                                float* apanel = ap + (nint)ip * MR * kcur;
                                float* cc = C + i * Ldc + j;
                                if (mr == MR && nr == NR)
                                {
                                    TK.Run(kcur, apanel, bpanel, ldbp, cc, Ldc, Alpha, beta, bias, relu);
                                }
                                else
                                {
                                    TK.RunEdge(kcur, apanel, bpanel, ldbp, mr, nr, tile);
                                    MergeEdge(tile, NR, cc, Ldc, mr, nr, Alpha, beta, bias, relu);
                                }
                            }
                            Volatile.Write(ref flags[u], 1);
                            Interlocked.Increment(ref ctr[DoneCompute]);
                        }
                    }
                }
            }
        }
    }

    /// <summary>C[i, j] = alpha*tile[i, j] + beta*C[i, j] (+ bias[j]) (ReLU) for a partial tile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MergeEdge(float* tile, nint ldt, float* c, nint ldc, int mr, int nr, float alpha, float beta, float* bias, bool relu)
    {
        for (int i = 0; i < mr; i++)
        {
            float* t = tile + i * ldt;
            float* row = c + i * ldc;
            for (int j = 0; j < nr; j++)
            {
                float v = alpha * t[j];
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
