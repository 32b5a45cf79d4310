using Nabla;

namespace Nabla.Kernels;

/// <summary>An inner loop over one run of elements of two operands (destination and source) with element strides.</summary>
internal unsafe interface IInnerLoop2
{
    void Run(int n, float* d, int sd, float* a, int sa);
}

/// <summary>An inner loop over one run of elements of three operands (destination and two sources).</summary>
internal unsafe interface IInnerLoop3
{
    void Run(int n, float* d, int sd, float* a, int sa, float* b, int sb);
}

/// <summary>
/// Walks an n-dimensional index space shared by several strided operands. Dimensions of size 1 are dropped and
/// neighbours that are contiguous in every operand are merged, so a contiguous tensor becomes a single run and
/// the inner loop (usually a TensorPrimitives call) sees the longest possible spans.
/// </summary>
internal static unsafe class StridedLoop
{
    private const int Max = Dims.MaxRank;

    public static void Run<TLoop>(ref TLoop loop, ReadOnlySpan<int> shape, float* d, ReadOnlySpan<int> ds, float* a, ReadOnlySpan<int> sa)
        where TLoop : struct, IInnerLoop2
    {
        Span<int> size = stackalloc int[Max];
        Span<int> s0 = stackalloc int[Max];
        Span<int> s1 = stackalloc int[Max];
        Span<int> unused = stackalloc int[Max];
        int rank = Collapse(shape, ds, sa, default, size, s0, s1, unused, 2);
        if (rank < 0) return;
        int inner = rank - 1;
        int n = size[inner], id = s0[inner], ia = s1[inner];
        if (rank == 1)
        {
            loop.Run(n, d, id, a, ia);
            return;
        }
        Span<int> idx = stackalloc int[Max];
        idx.Clear();
        long od = 0, oa = 0;
        while (true)
        {
            loop.Run(n, d + od, id, a + oa, ia);
            int k = inner - 1;
            for (; k >= 0; k--)
            {
                od += s0[k]; oa += s1[k];
                if (++idx[k] < size[k]) break;
                od -= (long)s0[k] * size[k]; oa -= (long)s1[k] * size[k];
                idx[k] = 0;
            }
            if (k < 0) return;
        }
    }

    public static void Run<TLoop>(ref TLoop loop, ReadOnlySpan<int> shape, float* d, ReadOnlySpan<int> ds,
                                  float* a, ReadOnlySpan<int> sa, float* b, ReadOnlySpan<int> sb)
        where TLoop : struct, IInnerLoop3
    {
        Span<int> size = stackalloc int[Max];
        Span<int> s0 = stackalloc int[Max];
        Span<int> s1 = stackalloc int[Max];
        Span<int> s2 = stackalloc int[Max];
        int rank = Collapse(shape, ds, sa, sb, size, s0, s1, s2, 3);
        if (rank < 0) return;
        int inner = rank - 1;
        int n = size[inner], id = s0[inner], ia = s1[inner], ib = s2[inner];
        if (rank == 1)
        {
            loop.Run(n, d, id, a, ia, b, ib);
            return;
        }
        Span<int> idx = stackalloc int[Max];
        idx.Clear();
        long od = 0, oa = 0, ob = 0;
        while (true)
        {
            loop.Run(n, d + od, id, a + oa, ia, b + ob, ib);
            int k = inner - 1;
            for (; k >= 0; k--)
            {
                od += s0[k]; oa += s1[k]; ob += s2[k];
                if (++idx[k] < size[k]) break;
                od -= (long)s0[k] * size[k]; oa -= (long)s1[k] * size[k]; ob -= (long)s2[k] * size[k];
                idx[k] = 0;
            }
            if (k < 0) return;
        }
    }

    /// <summary>Drops size-1 dimensions and merges mergeable neighbours; returns the new rank, or -1 when empty.</summary>
    private static int Collapse(ReadOnlySpan<int> shape, ReadOnlySpan<int> t0, ReadOnlySpan<int> t1, ReadOnlySpan<int> t2,
                                Span<int> size, Span<int> s0, Span<int> s1, Span<int> s2, int operands)
    {
        int rank = 0;
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 0) return -1;
            if (shape[d] == 1) continue;
            int st2 = operands > 2 ? t2[d] : 0;
            if (rank > 0)
            {
                int p = rank - 1;
                if (s0[p] == t0[d] * shape[d] && s1[p] == t1[d] * shape[d] && s2[p] == st2 * shape[d])
                {
                    size[p] *= shape[d];
                    s0[p] = t0[d]; s1[p] = t1[d]; s2[p] = st2;
                    continue;
                }
            }
            size[rank] = shape[d]; s0[rank] = t0[d]; s1[rank] = t1[d]; s2[rank] = st2;
            rank++;
        }
        if (rank == 0)
        {
            size[0] = 1; s0[0] = 1; s1[0] = 1; s2[0] = 1;
            rank = 1;
        }
        return rank;
    }
}
