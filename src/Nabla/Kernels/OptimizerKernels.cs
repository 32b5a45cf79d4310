using System.Numerics;
using System.Runtime.CompilerServices;

namespace Nabla.Kernels;

/// <summary>
/// One fused optimizer update over a vector of lanes: reads the parameter, gradient and state streams at the given
/// pointers (each holding <see cref="Vector{T}.Count"/> floats), updates the parameter and state in place.
/// Null streams are not used by the update.
/// </summary>
internal unsafe interface IFusedUpdate
{
    /// <summary>Updates one vector of lanes.</summary>
    void Step(float* p, float* g, float* a, float* b, float* c);
}

/// <summary>The float streams of one parameter's update: parameter, gradient and up to three state buffers.</summary>
internal unsafe struct UpdateStreams
{
    /// <summary>The parameter (updated in place).</summary>
    public float* P;
    /// <summary>The gradient (read only).</summary>
    public float* G;
    /// <summary>First state buffer, or null.</summary>
    public float* A;
    /// <summary>Second state buffer, or null.</summary>
    public float* B;
    /// <summary>Third state buffer, or null.</summary>
    public float* C;
}

/// <summary>
/// Runs a fused optimizer update over a whole parameter: one SIMD pass (<see cref="Vector{T}"/> lanes, the tail
/// padded through stack buffers so the formula is written once), split into chunks over the
/// <see cref="WorkerPool"/> when the parameter is large.
/// </summary>
internal static unsafe class OptimizerKernels
{
    /// <summary>Floats per parallel task (256 KiB per stream).</summary>
    internal const int ChunkFloats = 1 << 16;

    /// <summary>Parameters with fewer elements run on the calling thread.</summary>
    internal const int ParallelThreshold = 1 << 17;

    /// <summary>Applies <paramref name="update"/> to the <paramref name="n"/> elements of <paramref name="streams"/>.</summary>
    public static void Run<T>(int n, in UpdateStreams streams, ref T update) where T : struct, IFusedUpdate
    {
        if (n < ParallelThreshold || KernelThreads.Count == 1)
        {
            RunRange(ref update, streams, 0, n);
            return;
        }
        var body = new ChunkBody<T> { Update = update, Streams = streams, N = n };
        WorkerPool.For((n + ChunkFloats - 1) / ChunkFloats, ref body);
    }

    /// <summary>Applies the update to elements [start, start + count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RunRange<T>(ref T update, in UpdateStreams s, int start, int count) where T : struct, IFusedUpdate
    {
        int width = Vector<float>.Count;
        int end = start + count;
        int i = start;
        for (; i <= end - width; i += width)
            update.Step(s.P + i, s.G + i, Offset(s.A, i), Offset(s.B, i), Offset(s.C, i));
        int tail = end - i;
        if (tail == 0) return;

        float* bp = stackalloc float[width];
        float* bg = stackalloc float[width];
        float* ba = stackalloc float[width];
        float* bb = stackalloc float[width];
        float* bc = stackalloc float[width];
        for (int k = 0; k < width; k++) bp[k] = bg[k] = ba[k] = bb[k] = bc[k] = 0f;
        Load(s.P, i, bp, tail);
        Load(s.G, i, bg, tail);
        Load(s.A, i, ba, tail);
        Load(s.B, i, bb, tail);
        Load(s.C, i, bc, tail);
        update.Step(bp, bg, ba, bb, bc);
        Store(s.P, i, bp, tail);
        Store(s.A, i, ba, tail);
        Store(s.B, i, bb, tail);
        Store(s.C, i, bc, tail);
    }

    private static float* Offset(float* p, int i) => p == null ? null : p + i;

    private static void Load(float* src, int i, float* dst, int n)
    {
        if (src == null) return;
        for (int k = 0; k < n; k++) dst[k] = src[i + k];
    }

    private static void Store(float* dst, int i, float* src, int n)
    {
        if (dst == null) return;
        for (int k = 0; k < n; k++) dst[i + k] = src[k];
    }

    private struct ChunkBody<T> : IParallelFor where T : struct, IFusedUpdate
    {
        public T Update;
        public UpdateStreams Streams;
        public int N;

        public void Invoke(int index)
        {
            int start = index * ChunkFloats;
            T local = Update;
            RunRange(ref local, Streams, start, Math.Min(ChunkFloats, N - start));
        }
    }
}
