namespace Nabla.Kernels;

/// <summary>
/// Average pooling over contiguous planes, with PyTorch's window and divisor rules: the window
/// [oh·sH − pH, oh·sH − pH + kH) is first clipped to the padded plane [−pH, H + pH) (its size there is the
/// <c>countIncludePad</c> divisor), then to the plane itself (its size there is the divisor otherwise, and the
/// summed pixels); a given divisor override replaces both. Backward spreads g / divisor over the same pixels.
/// </summary>
internal static unsafe class PoolingAverage
{
    /// <summary>y [Planes, OutH, OutW] = window averages of x [Planes, H, W] (dilation is ignored: always 1).</summary>
    public static void Forward(in PoolingShape s, float* x, float* y, bool countIncludePad, int divisorOverride)
    {
        var body = new Body { S = s, Src = x, Dst = y, CountIncludePad = countIncludePad, Divisor = divisorOverride };
        body.Tasks = PoolingShape.Tasks(s.Planes, (long)s.OutPixels * s.KernelH * s.KernelW);
        WorkerPool.For(body.Tasks, ref body);
    }

    /// <summary>dx [Planes, H, W] = the adjoint of <see cref="Forward"/> applied to g [Planes, OutH, OutW].</summary>
    public static void Backward(in PoolingShape s, float* g, float* dx, bool countIncludePad, int divisorOverride)
    {
        var body = new Body { S = s, Src = g, Dst = dx, CountIncludePad = countIncludePad, Divisor = divisorOverride, Adjoint = true };
        body.Tasks = PoolingShape.Tasks(s.Planes, (long)s.OutPixels * s.KernelH * s.KernelW);
        WorkerPool.For(body.Tasks, ref body);
    }

    private struct Body : IParallelFor
    {
        public PoolingShape S;
        public float* Src, Dst;
        public bool CountIncludePad, Adjoint;
        public int Divisor, Tasks;

        public readonly void Invoke(int task)
        {
            var (lo, hi) = PoolingShape.Range(S.Planes, task, Tasks);
            for (int p = lo; p < hi; p++)
            {
                if (Adjoint) PlaneBackward(p);
                else PlaneForward(p);
            }
        }

        private readonly void PlaneForward(int p)
        {
            float* x = Src + (long)p * S.InPixels, y = Dst + (long)p * S.OutPixels;
            for (int oh = 0; oh < S.OutHeight; oh++)
                for (int ow = 0; ow < S.OutWidth; ow++)
                {
                    var (h0, h1, w0, w1, divisor) = Window(oh, ow);
                    float sum = 0f;
                    for (int h = h0; h < h1; h++)
                        for (int w = w0; w < w1; w++) sum += x[h * S.Width + w];
                    y[oh * S.OutWidth + ow] = divisor == 0 ? 0f : sum / divisor;
                }
        }

        private readonly void PlaneBackward(int p)
        {
            float* g = Src + (long)p * S.OutPixels, dx = Dst + (long)p * S.InPixels;
            new Span<float>(dx, S.InPixels).Clear();
            for (int oh = 0; oh < S.OutHeight; oh++)
                for (int ow = 0; ow < S.OutWidth; ow++)
                {
                    var (h0, h1, w0, w1, divisor) = Window(oh, ow);
                    if (divisor == 0) continue;
                    float share = g[oh * S.OutWidth + ow] / divisor;
                    for (int h = h0; h < h1; h++)
                        for (int w = w0; w < w1; w++) dx[h * S.Width + w] += share;
                }
        }

        /// <summary>The pixels [h0, h1) x [w0, w1) the window sums and its divisor (0 when it holds no pixel).</summary>
        private readonly (int H0, int H1, int W0, int W1, int Divisor) Window(int oh, int ow)
        {
            int h0 = oh * S.StrideH - S.PadH, w0 = ow * S.StrideW - S.PadW;
            int h1 = Math.Min(h0 + S.KernelH, S.Height + S.PadH), w1 = Math.Min(w0 + S.KernelW, S.Width + S.PadW);
            int padded = (h1 - h0) * (w1 - w0);
            h0 = Math.Max(h0, 0);
            w0 = Math.Max(w0, 0);
            h1 = Math.Min(h1, S.Height);
            w1 = Math.Min(w1, S.Width);
            if (h0 >= h1 || w0 >= w1) return (0, 0, 0, 0, 0);
            int divisor = Divisor > 0 ? Divisor : CountIncludePad ? padded : (h1 - h0) * (w1 - w0);
            return (h0, h1, w0, w1, divisor);
        }
    }
}
