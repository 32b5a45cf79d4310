using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>
/// Max pooling over contiguous planes. Forward writes each window's maximum and its position as a flat index into
/// the input plane (h·W + w, stored as float: exact for planes below 2²⁴ pixels); like PyTorch, the first maximum
/// in row-major window order wins ties and a NaN counts as the maximum. Backward adds each output gradient to the
/// input pixel its index names. Planes are split across <see cref="WorkerPool"/> threads above a size threshold.
/// </summary>
internal static unsafe class PoolingMax
{
    /// <summary>values/indices [Planes, OutH, OutW] of the input planes x [Planes, H, W].</summary>
    public static void Forward(in PoolingShape s, float* x, float* values, float* indices)
    {
        var body = new ForwardBody { S = s, X = x, Values = values, Indices = indices };
        body.Tasks = PoolingShape.Tasks(s.Planes, (long)s.OutPixels * s.KernelH * s.KernelW);
        WorkerPool.For(body.Tasks, ref body);
    }

    /// <summary>dx [Planes, H, W] = 0, then dx[p, indices[p, o]] += g[p, o] for every output o.</summary>
    public static void Backward(in PoolingShape s, float* g, float* indices, float* dx)
    {
        var body = new BackwardBody { S = s, G = g, Indices = indices, Dx = dx };
        body.Tasks = PoolingShape.Tasks(s.Planes, s.InPixels + s.OutPixels);
        WorkerPool.For(body.Tasks, ref body);
    }

    private struct ForwardBody : IParallelFor
    {
        public PoolingShape S;
        public float* X, Values, Indices;
        public int Tasks;

        public readonly void Invoke(int task)
        {
            var (lo, hi) = PoolingShape.Range(S.Planes, task, Tasks);
            for (int p = lo; p < hi; p++)
                Plane(S, X + (long)p * S.InPixels, Values + (long)p * S.OutPixels, Indices + (long)p * S.OutPixels);
        }
    }

    private struct BackwardBody : IParallelFor
    {
        public PoolingShape S;
        public float* G, Indices, Dx;
        public int Tasks;

        public readonly void Invoke(int task)
        {
            var (lo, hi) = PoolingShape.Range(S.Planes, task, Tasks);
            int outPixels = S.OutPixels;
            bool pairs = PairsBackwardApplies(S);
            bool uncovered = 2 * S.OutHeight < S.Height || 2 * S.OutWidth < S.Width;
            for (int p = lo; p < hi; p++)
            {
                float* dx = Dx + (long)p * S.InPixels, g = G + (long)p * outPixels, idx = Indices + (long)p * outPixels;
                if (pairs)
                {
                    if (uncovered) new Span<float>(dx, S.InPixels).Clear();
                    PairsBackward(S, g, idx, dx);
                    continue;
                }
                new Span<float>(dx, S.InPixels).Clear();
                for (int o = 0; o < outPixels; o++) dx[(int)idx[o]] += g[o];
            }
        }
    }

    /// <summary>2x2 windows, stride 2, no padding or dilation, fully inside the plane: they tile it without overlap.</summary>
    internal static bool IsPairs(in PoolingShape s) =>
        s.KernelH == 2 && s.KernelW == 2 && s.StrideH == 2 && s.StrideW == 2 && s.PadH == 0 && s.PadW == 0 &&
        s.DilationH == 1 && s.DilationW == 1 && 2 * s.OutHeight <= s.Height && 2 * s.OutWidth <= s.Width;

    /// <summary>True when <see cref="PairsBackward"/> handles the shape: 2x2 pairs, 256-bit vectors, at least 4 outputs per row.</summary>
    internal static bool PairsBackwardApplies(in PoolingShape s) => IsPairs(s) && Vector256.IsHardwareAccelerated && s.OutWidth >= 4;

    /// <summary>
    /// Backward of non-overlapping 2x2 windows in one pass: every covered pixel is written once, g where it is its
    /// window's argmax and 0 elsewhere (four windows at a time; a last partial block overlaps the previous one,
    /// which rewrites the same values).
    /// </summary>
    internal static void PairsBackward(in PoolingShape s, float* g, float* indices, float* dx)
    {
        var interleave = Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7);
        var lane2 = Vector128.Create(0, 2, 4, 6);
        int width = s.Width, outW = s.OutWidth;
        var right = Vector128.Create(1);
        var below = Vector128.Create(width);
        var belowRight = Vector128.Create(width + 1);
        for (int oh = 0; oh < s.OutHeight; oh++)
        {
            int rowIndex = 2 * oh * width;
            float* top = dx + rowIndex, bottom = top + width, gr = g + oh * outW, ir = indices + oh * outW;
            for (int ow = 0; ; ow += 4)
            {
                if (ow + 4 > outW) ow = outW - 4;
                var grad = Vector128.Load(gr + ow);
                var offset = Vector128.ConvertToInt32(Vector128.Load(ir + ow)) - lane2 - Vector128.Create(rowIndex + 2 * ow);
                var topEven = Vector128.ConditionalSelect(Vector128.Equals(offset, Vector128<int>.Zero).AsSingle(), grad, Vector128<float>.Zero);
                var topOdd = Vector128.ConditionalSelect(Vector128.Equals(offset, right).AsSingle(), grad, Vector128<float>.Zero);
                var bottomEven = Vector128.ConditionalSelect(Vector128.Equals(offset, below).AsSingle(), grad, Vector128<float>.Zero);
                var bottomOdd = Vector128.ConditionalSelect(Vector128.Equals(offset, belowRight).AsSingle(), grad, Vector128<float>.Zero);
                Vector256.Shuffle(Vector256.Create(topEven, topOdd), interleave).Store(top + 2 * ow);
                Vector256.Shuffle(Vector256.Create(bottomEven, bottomOdd), interleave).Store(bottom + 2 * ow);
                if (ow + 4 >= outW) break;
            }
        }
    }

    /// <summary>values/indices [OutH, OutW] of one input plane x [H, W] (<paramref name="s"/>'s plane count is ignored).</summary>
    internal static void Plane(in PoolingShape s, float* x, float* values, float* indices)
    {
        if (IsPairs(s))
        {
            Plane2x2(s, x, values, indices);
            return;
        }
        int width = s.Width;
        for (int oh = 0; oh < s.OutHeight; oh++)
        {
            int h0 = oh * s.StrideH - s.PadH;
            int h1 = Math.Min(h0 + s.DilationH * (s.KernelH - 1) + 1, s.Height);
            while (h0 < 0) h0 += s.DilationH;
            for (int ow = 0; ow < s.OutWidth; ow++)
            {
                int w0 = ow * s.StrideW - s.PadW;
                int w1 = Math.Min(w0 + s.DilationW * (s.KernelW - 1) + 1, width);
                while (w0 < 0) w0 += s.DilationW;
                int best = h0 * width + w0;
                float max = float.NegativeInfinity;
                for (int h = h0; h < h1; h += s.DilationH)
                {
                    float* row = x + h * width;
                    for (int w = w0; w < w1; w += s.DilationW)
                    {
                        float v = row[w];
                        if (v > max || float.IsNaN(v))
                        {
                            max = v;
                            best = h * width + w;
                        }
                    }
                }
                values[oh * s.OutWidth + ow] = max;
                indices[oh * s.OutWidth + ow] = best;
            }
        }
    }

    /// <summary>
    /// The common 2x2, stride-2 window without padding. With 256-bit vectors, four outputs at a time: a window row
    /// of 8 inputs is split into its even and odd columns by one permute, and the four candidates are compared in
    /// the sequential order (first maximum wins, a NaN replaces the maximum) with masks instead of branches, which
    /// random inputs would mispredict half the time. A last partial block is recomputed overlapping the previous
    /// one; rows of fewer than 4 outputs take the scalar scan.
    /// </summary>
    private static void Plane2x2(in PoolingShape s, float* x, float* values, float* indices)
    {
        int width = s.Width, outW = s.OutWidth;
        bool vector = Vector256.IsHardwareAccelerated && outW >= 4;
        var even = Vector256.Create(0, 2, 4, 6, 0, 0, 0, 0);
        var odd = Vector256.Create(1, 3, 5, 7, 0, 0, 0, 0);
        var lane2 = Vector128.Create(0, 2, 4, 6);
        for (int oh = 0; oh < s.OutHeight; oh++)
        {
            int rowIndex = 2 * oh * width;
            float* top = x + rowIndex, bottom = top + width;
            float* v = values + oh * outW, ix = indices + oh * outW;
            if (vector)
            {
                for (int ow = 0; ; ow += 4)
                {
                    if (ow + 4 > outW) ow = outW - 4;
                    var t = Vector256.Load(top + 2 * ow);
                    var u = Vector256.Load(bottom + 2 * ow);
                    var max = Vector256.Shuffle(t, even).GetLower();
                    var at = Vector128<int>.Zero;
                    Take(Vector256.Shuffle(t, odd).GetLower(), Vector128.Create(1), ref max, ref at);
                    Take(Vector256.Shuffle(u, even).GetLower(), Vector128.Create(width), ref max, ref at);
                    Take(Vector256.Shuffle(u, odd).GetLower(), Vector128.Create(width + 1), ref max, ref at);
                    max.Store(v + ow);
                    Vector128.ConvertToSingle(at + lane2 + Vector128.Create(rowIndex + 2 * ow)).Store(ix + ow);
                    if (ow + 4 >= outW) break;
                }
                continue;
            }
            for (int ow = 0; ow < outW; ow++)
            {
                int w = 2 * ow;
                float max = top[w];
                int best = rowIndex + w;
                Take(top[w + 1], rowIndex + w + 1, ref max, ref best);
                Take(bottom[w], rowIndex + width + w, ref max, ref best);
                Take(bottom[w + 1], rowIndex + width + w + 1, ref max, ref best);
                v[ow] = max;
                ix[ow] = best;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(Vector128<float> value, Vector128<int> offset, ref Vector128<float> max, ref Vector128<int> at)
    {
        var take = Vector128.GreaterThan(value, max) | ~Vector128.Equals(value, value);
        max = Vector128.ConditionalSelect(take, value, max);
        at = Vector128.ConditionalSelect(take.AsInt32(), offset, at);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(float value, int index, ref float max, ref int best)
    {
        if (value > max || float.IsNaN(value))
        {
            max = value;
            best = index;
        }
    }
}
