using System.Runtime.Intrinsics;

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

        /// <summary>True when every window lies inside the plane (no padding, no ceil-mode overhang): the divisor is fixed.</summary>
        private readonly bool Interior =>
            S.PadH == 0 && S.PadW == 0 && (S.OutHeight - 1) * S.StrideH + S.KernelH <= S.Height &&
            (S.OutWidth - 1) * S.StrideW + S.KernelW <= S.Width;

        /// <summary>
        /// The common 2x2, stride-2 interior case on a machine with 256-bit vectors and rows of at least 4 outputs:
        /// four outputs at a time, a window row of 8 inputs split into even and odd columns by one permute (a last
        /// partial block is recomputed overlapping the previous one).
        /// </summary>
        private readonly bool Pairs =>
            Interior && S.KernelH == 2 && S.KernelW == 2 && S.StrideH == 2 && S.StrideW == 2 &&
            S.OutWidth >= 4 && Vector256.IsHardwareAccelerated;

        /// <summary>y = (((a + b) + c) + d) / divisor per window, the order of the scalar loop.</summary>
        private readonly void PairsForward(float* x, float* y, float divisor)
        {
            var even = Vector256.Create(0, 2, 4, 6, 0, 0, 0, 0);
            var odd = Vector256.Create(1, 3, 5, 7, 0, 0, 0, 0);
            int width = S.Width, outW = S.OutWidth;
            for (int oh = 0; oh < S.OutHeight; oh++)
            {
                float* top = x + 2 * oh * width, bottom = top + width, row = y + oh * outW;
                for (int ow = 0; ; ow += 4)
                {
                    if (ow + 4 > outW) ow = outW - 4;
                    var t = Vector256.Load(top + 2 * ow);
                    var u = Vector256.Load(bottom + 2 * ow);
                    var sum = Vector256.Shuffle(t, even).GetLower() + Vector256.Shuffle(t, odd).GetLower()
                              + Vector256.Shuffle(u, even).GetLower() + Vector256.Shuffle(u, odd).GetLower();
                    (sum / divisor).Store(row + ow);
                    if (ow + 4 >= outW) break;
                }
            }
        }

        /// <summary>Each window's four pixels set to g / divisor (windows do not overlap, so no accumulation).</summary>
        private readonly void PairsBackward(float* g, float* dx, float divisor)
        {
            var twice = Vector256.Create(0, 0, 1, 1, 2, 2, 3, 3);
            int width = S.Width, outW = S.OutWidth;
            for (int oh = 0; oh < S.OutHeight; oh++)
            {
                float* top = dx + 2 * oh * width, bottom = top + width, row = g + oh * outW;
                for (int ow = 0; ; ow += 4)
                {
                    if (ow + 4 > outW) ow = outW - 4;
                    var share = Vector128.Load(row + ow) / divisor;
                    var spread = Vector256.Shuffle(Vector256.Create(share, share), twice);
                    spread.Store(top + 2 * ow);
                    spread.Store(bottom + 2 * ow);
                    if (ow + 4 >= outW) break;
                }
            }
        }

        private readonly void PlaneForward(int p)
        {
            float* x = Src + (long)p * S.InPixels, y = Dst + (long)p * S.OutPixels;
            if (Pairs)
            {
                PairsForward(x, y, Divisor > 0 ? Divisor : 4);
                return;
            }
            if (Interior)
            {
                float divisor = Divisor > 0 ? Divisor : S.KernelH * S.KernelW;
                for (int oh = 0; oh < S.OutHeight; oh++)
                {
                    float* rows = x + oh * S.StrideH * S.Width;
                    for (int ow = 0; ow < S.OutWidth; ow++)
                    {
                        float* window = rows + ow * S.StrideW;
                        float sum = 0f;
                        for (int h = 0; h < S.KernelH; h++)
                            for (int w = 0; w < S.KernelW; w++) sum += window[h * S.Width + w];
                        y[oh * S.OutWidth + ow] = sum / divisor;
                    }
                }
                return;
            }
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
            if (Pairs)
            {
                if (2 * S.OutHeight < S.Height || 2 * S.OutWidth < S.Width) new Span<float>(dx, S.InPixels).Clear();
                PairsBackward(g, dx, Divisor > 0 ? Divisor : 4);
                return;
            }
            new Span<float>(dx, S.InPixels).Clear();
            if (Interior)
            {
                float divisor = Divisor > 0 ? Divisor : S.KernelH * S.KernelW;
                for (int oh = 0; oh < S.OutHeight; oh++)
                {
                    float* rows = dx + oh * S.StrideH * S.Width;
                    for (int ow = 0; ow < S.OutWidth; ow++)
                    {
                        float* window = rows + ow * S.StrideW;
                        float share = g[oh * S.OutWidth + ow] / divisor;
                        for (int h = 0; h < S.KernelH; h++)
                            for (int w = 0; w < S.KernelW; w++) window[h * S.Width + w] += share;
                    }
                }
                return;
            }
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
