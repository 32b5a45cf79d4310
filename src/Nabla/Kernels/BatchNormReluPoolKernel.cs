using System.Numerics;

namespace Nabla.Kernels;

/// <summary>
/// Batch norm, ReLU and 2x2 stride-2 max pooling fused over a contiguous [N, C, H, W] block, one channel per task
/// (split over <see cref="WorkerPool"/> threads for large blocks), so that neither the normalized nor the rectified
/// full-size tensor is ever written to memory:
/// <list type="bullet">
/// <item>forward, per channel: the statistics pass of <see cref="BatchNormKernel"/> (training), then per image
///   r = max(x·scale + shift, 0) into a plane of scratch (L1, one pass), pooled by <see cref="PoolingMax.Plane"/> into the
///   output values and argmax indices; an index whose value is not &gt; 0 (the ReLU's gradient is 0 there) is set
///   to −1, so backward needs neither r nor the normalized values;</item>
/// <item>backward, per channel: per image the ReLU-masked pooling gradient is scattered into the scratch plane
///   (<see cref="PoolingMax.PairsBackward"/>), whose Σg and Σg·(x − μ) are summed with x; then per image the plane is
///   scattered again and dx = a·g + b·x + k written in one pass (x read from cache: a channel's images are
///   contiguous tasks).</item>
/// </list>
/// Every value equals the unfused BatchNorm → ReLU → MaxPool2d chain: the same float operations in the same order
/// (up to the sign of zero gradients).
/// </summary>
internal static unsafe class BatchNormReluPoolKernel
{
    /// <summary>Blocks smaller than this many elements stay on the calling thread.</summary>
    private const int ParallelThreshold = 1 << 16;

    /// <summary>
    /// Forward. With <paramref name="training"/>, per channel the batch mean/variance, running-statistics update and
    /// mean, rstd, scale, shift written; otherwise scale and shift are read (precomputed from the running
    /// statistics). values/indices are [N, C, H/2, W/2]; <paramref name="scratch"/> holds C·H·W floats.
    /// </summary>
    public static void Forward(float* x, float* values, float* indices, int n, int c, int h, int w, bool training,
                               float* weight, float* bias, float eps, float* runningMean, float* runningVar, float momentum,
                               float* mean, float* rstd, float* scale, float* shift, float* scratch)
    {
        var body = new ForwardBody
        {
            X = x, Values = values, Indices = indices, N = n, C = c, Shape = PlaneShape(h, w), Training = training,
            Weight = weight, Bias = bias, Eps = eps, RunningMean = runningMean, RunningVar = runningVar,
            Momentum = momentum, Mean = mean, Rstd = rstd, Scale = scale, Shift = shift, Scratch = scratch,
        };
        WorkerPool.For(c, ref body, (long)n * c * h * w >= ParallelThreshold ? int.MaxValue : 1);
    }

    /// <summary>
    /// Backward from the pooled gradient g [N, C, H/2, W/2] and the forward's masked indices: Σg and Σg·(x − mean)
    /// of the batch norm's output gradient into sumG/sumGX, then (when <paramref name="dx"/> is not null)
    /// dx = a·g + b·x + k with <see cref="BatchNormKernel.InputCoefficients"/>.
    /// </summary>
    public static void Backward(float* g, float* indices, float* x, float* dx, int n, int c, int h, int w, float* weight,
                                float* mean, float* rstd, bool training, float* sumG, float* sumGX, float* scratch)
    {
        var body = new BackwardBody
        {
            G = g, Indices = indices, X = x, Dx = dx, N = n, C = c, Shape = PlaneShape(h, w), Weight = weight,
            Mean = mean, Rstd = rstd, Training = training, SumG = sumG, SumGX = sumGX, Scratch = scratch,
        };
        WorkerPool.For(c, ref body, (long)n * c * h * w >= ParallelThreshold ? int.MaxValue : 1);
    }

    private static PoolingShape PlaneShape(int h, int w) => new(1, h, w, 2, 2, 2, 2, 0, 0, 1, 1, h / 2, w / 2);

    /// <summary>
    /// y = max(x·scale + shift, 0) in one pass: the FMA of <see cref="NormLoops.Affine"/>, then the ReLU as
    /// TensorPrimitives.Max(x, 0) computes it (+0 for negative values
    /// and −0, NaN kept).
    /// </summary>
    private static void AffineRelu(float* x, float* y, int n, float scale, float shift)
    {
        int i = 0, width = Vector<float>.Count;
        var vs = new Vector<float>(scale);
        var vb = new Vector<float>(shift);
        for (; i <= n - width; i += width)
        {
            var r = Vector.FusedMultiplyAdd(Vector.Load(x + i), vs, vb);
            var keep = Vector.GreaterThan(r, Vector<float>.Zero) | ~Vector.Equals(r, r);
            Vector.Store(Vector.ConditionalSelect(keep, r, Vector<float>.Zero), y + i);
        }
        for (; i < n; i++)
        {
            float r = MathF.FusedMultiplyAdd(x[i], scale, shift);
            y[i] = r > 0f || float.IsNaN(r) ? r : 0f;
        }
    }

    /// <summary>indices[o] = −1 where values[o] is not &gt; 0 (zero or NaN: the ReLU passes no gradient).</summary>
    private static void MaskIndices(float* values, float* indices, int count)
    {
        int i = 0, width = Vector<float>.Count;
        var none = new Vector<float>(-1f);
        for (; i <= count - width; i += width)
        {
            var keep = Vector.GreaterThan(Vector.Load(values + i), Vector<float>.Zero);
            Vector.Store(Vector.ConditionalSelect(keep, Vector.Load(indices + i), none), indices + i);
        }
        for (; i < count; i++)
            if (!(values[i] > 0f)) indices[i] = -1f;
    }

    /// <summary>plane [H, W] = the pooled gradient g routed to its (unmasked) argmax pixels, 0 elsewhere.</summary>
    private static void Scatter(in PoolingShape s, float* g, float* indices, float* plane)
    {
        if (PoolingMax.PairsBackwardApplies(s))
        {
            if (2 * s.OutHeight < s.Height || 2 * s.OutWidth < s.Width) new Span<float>(plane, s.InPixels).Clear();
            PoolingMax.PairsBackward(s, g, indices, plane);
            return;
        }
        new Span<float>(plane, s.InPixels).Clear();
        for (int o = 0; o < s.OutPixels; o++)
        {
            int at = (int)indices[o];
            if (at >= 0) plane[at] += g[o];
        }
    }

    private struct ForwardBody : IParallelFor
    {
        public float* X, Values, Indices, Weight, Bias, RunningMean, RunningVar, Mean, Rstd, Scale, Shift, Scratch;
        public int N, C;
        public PoolingShape Shape;
        public bool Training;
        public float Eps, Momentum;

        public readonly void Invoke(int ch)
        {
            int pixels = Shape.InPixels, outPixels = Shape.OutPixels;
            if (Training)
            {
                new BatchNormKernel.StatisticsBody { X = X, N = N, C = C, S = pixels, Mean = Mean, Var = Rstd }.Invoke(ch);
                (Scale[ch], Shift[ch]) = BatchNormKernel.Finish(ch, (long)N * pixels, Weight, Bias, Eps, RunningMean,
                                                                RunningVar, Momentum, Mean, Rstd);
            }
            float scale = Scale[ch], shift = Shift[ch];
            float* plane = Scratch + (long)ch * pixels;
            for (int row = 0; row < N; row++)
            {
                long image = (long)row * C + ch;
                AffineRelu(X + image * pixels, plane, pixels, scale, shift);
                float* values = Values + image * outPixels, indices = Indices + image * outPixels;
                PoolingMax.Plane(Shape, plane, values, indices);
                MaskIndices(values, indices, outPixels);
            }
        }
    }

    private struct BackwardBody : IParallelFor
    {
        public float* G, Indices, X, Dx, Weight, Mean, Rstd, SumG, SumGX, Scratch;
        public int N, C;
        public PoolingShape Shape;
        public bool Training;

        public readonly void Invoke(int ch)
        {
            int pixels = Shape.InPixels, outPixels = Shape.OutPixels;
            float* plane = Scratch + (long)ch * pixels;
            double sg = 0, sgx = 0;
            for (int row = 0; row < N; row++)
            {
                long image = (long)row * C + ch;
                Scatter(Shape, G + image * outPixels, Indices + image * outPixels, plane);
                var (a, b) = NormLoops.GradMoments(plane, X + image * pixels, pixels, Mean[ch]);
                sg += a;
                sgx += b;
            }
            SumG[ch] = (float)sg;
            SumGX[ch] = (float)sgx;
            if (Dx is null) return;
            var (ca, cb, ck) = BatchNormKernel.InputCoefficients(ch, (double)N * pixels, Weight, Mean, Rstd, Training, SumG, SumGX);
            for (int row = 0; row < N; row++)
            {
                long image = (long)row * C + ch;
                Scatter(Shape, G + image * outPixels, Indices + image * outPixels, plane);
                NormLoops.Combine(plane, X + image * pixels, null, Dx + image * pixels, pixels, ca, cb, ck);
            }
        }
    }
}
