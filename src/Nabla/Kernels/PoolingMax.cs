using System.Runtime.CompilerServices;

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
            for (int p = lo; p < hi; p++)
            {
                float* dx = Dx + (long)p * S.InPixels, g = G + (long)p * outPixels, idx = Indices + (long)p * outPixels;
                new Span<float>(dx, S.InPixels).Clear();
                for (int o = 0; o < outPixels; o++) dx[(int)idx[o]] += g[o];
            }
        }
    }

    private static void Plane(in PoolingShape s, float* x, float* values, float* indices)
    {
        if (s.KernelH == 2 && s.KernelW == 2 && s.StrideH == 2 && s.StrideW == 2 && s.PadH == 0 && s.PadW == 0 &&
            s.DilationH == 1 && s.DilationW == 1 && 2 * s.OutHeight <= s.Height && 2 * s.OutWidth <= s.Width)
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

    /// <summary>The common 2x2, stride-2 window without padding: four reads, no bounds checks.</summary>
    private static void Plane2x2(in PoolingShape s, float* x, float* values, float* indices)
    {
        int width = s.Width;
        for (int oh = 0; oh < s.OutHeight; oh++)
        {
            float* top = x + 2 * oh * width, bottom = top + width;
            float* v = values + oh * s.OutWidth, ix = indices + oh * s.OutWidth;
            int rowIndex = 2 * oh * width;
            for (int ow = 0; ow < s.OutWidth; ow++)
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
    private static void Take(float value, int index, ref float max, ref int best)
    {
        if (value > max || float.IsNaN(value))
        {
            max = value;
            best = index;
        }
    }
}
