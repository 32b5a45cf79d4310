using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// Adaptive average pooling to a fixed OutH x OutW, with PyTorch's windows: output row i averages input rows
/// [⌊i·H/OutH⌋, ⌈(i + 1)·H/OutH⌉) (columns alike), so windows may overlap when H is not a multiple of OutH.
/// A 1 x 1 output (global average pooling) takes a fast path: one vectorised sum per plane.
/// </summary>
internal static unsafe class PoolingAdaptive
{
    /// <summary>y [planes, outH, outW] from x [planes, h, w].</summary>
    public static void Forward(int planes, int h, int w, int outH, int outW, float* x, float* y)
    {
        var body = new Body { Planes = planes, H = h, W = w, OutH = outH, OutW = outW, Src = x, Dst = y };
        body.Tasks = PoolingShape.Tasks(planes, (long)h * w);
        WorkerPool.For(body.Tasks, ref body);
    }

    /// <summary>dx [planes, h, w] = the adjoint of <see cref="Forward"/> applied to g [planes, outH, outW].</summary>
    public static void Backward(int planes, int h, int w, int outH, int outW, float* g, float* dx)
    {
        var body = new Body { Planes = planes, H = h, W = w, OutH = outH, OutW = outW, Src = g, Dst = dx, Adjoint = true };
        body.Tasks = PoolingShape.Tasks(planes, (long)h * w);
        WorkerPool.For(body.Tasks, ref body);
    }

    private struct Body : IParallelFor
    {
        public int Planes, H, W, OutH, OutW, Tasks;
        public float* Src, Dst;
        public bool Adjoint;

        public readonly void Invoke(int task)
        {
            var (lo, hi) = PoolingShape.Range(Planes, task, Tasks);
            int inPixels = H * W, outPixels = OutH * OutW;
            for (int p = lo; p < hi; p++)
            {
                float* input = Adjoint ? Dst + (long)p * inPixels : Src + (long)p * inPixels;
                float* output = Adjoint ? Src + (long)p * outPixels : Dst + (long)p * outPixels;
                if (OutH == 1 && OutW == 1) Global(input, output, inPixels);
                else if (Adjoint) PlaneBackward(output, input);
                else PlaneForward(input, output);
            }
        }

        private readonly void Global(float* input, float* output, int inPixels)
        {
            var plane = new Span<float>(input, inPixels);
            if (Adjoint) plane.Fill(output[0] / inPixels);
            else output[0] = TensorPrimitives.Sum(plane) / inPixels;
        }

        private readonly void PlaneForward(float* x, float* y)
        {
            for (int i = 0; i < OutH; i++)
            {
                int h0 = Start(i, H, OutH), h1 = End(i, H, OutH);
                for (int j = 0; j < OutW; j++)
                {
                    int w0 = Start(j, W, OutW), w1 = End(j, W, OutW);
                    float sum = 0f;
                    for (int h = h0; h < h1; h++)
                        for (int w = w0; w < w1; w++) sum += x[h * W + w];
                    y[i * OutW + j] = sum / ((h1 - h0) * (w1 - w0));
                }
            }
        }

        private readonly void PlaneBackward(float* g, float* dx)
        {
            new Span<float>(dx, H * W).Clear();
            for (int i = 0; i < OutH; i++)
            {
                int h0 = Start(i, H, OutH), h1 = End(i, H, OutH);
                for (int j = 0; j < OutW; j++)
                {
                    int w0 = Start(j, W, OutW), w1 = End(j, W, OutW);
                    float share = g[i * OutW + j] / ((h1 - h0) * (w1 - w0));
                    for (int h = h0; h < h1; h++)
                        for (int w = w0; w < w1; w++) dx[h * W + w] += share;
                }
            }
        }

        private static int Start(int i, int size, int outSize) => (int)((long)i * size / outSize);

        private static int End(int i, int size, int outSize) => (int)(((long)(i + 1) * size + outSize - 1) / outSize);
    }
}
