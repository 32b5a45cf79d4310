using System.Buffers;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// Batch-norm passes over a contiguous [N, C, S] block (S = spatial size, 1 for [N, C] input). Channel c's values
/// are the N runs of S floats at (n·C + c)·S. With S &gt; 1 every pass handles whole channels and large blocks are
/// split over <see cref="WorkerPool"/> threads by channel; with S = 1 the passes walk rows with SIMD over channels.
/// Forward: <see cref="Statistics"/> (one read) then <see cref="Apply"/> (one read, one write). Backward:
/// <see cref="GradSums"/> (one read of g and x) then <see cref="InputGrad"/> (one more read, one write).
/// </summary>
internal static unsafe class BatchNormKernel
{
    /// <summary>Blocks smaller than this many elements stay on the calling thread.</summary>
    private const int ParallelThreshold = 1 << 16;

    /// <summary>
    /// Training forward: per channel, the batch mean and biased variance, the running-statistics update (when the
    /// pointers are not null; r ← (1 − m)·r + m·s with the unbiased variance), rstd = 1/√(var + eps), then
    /// y = (x − mean)·rstd·w + b. With S &gt; 1 each channel is one task, so its second pass reads from cache.
    /// Writes mean and rstd for backward.
    /// </summary>
    public static void ForwardTraining(float* x, float* y, int n, int c, int s, float* weight, float* bias, float eps,
                                       float* runningMean, float* runningVar, float momentum, float* mean, float* rstd)
    {
        if (s == 1)
        {
            Statistics(x, n, c, s, mean, rstd);
            float[] rented = ArrayPool<float>.Shared.Rent(2 * c);
            fixed (float* scale = rented)
            {
                for (int ch = 0; ch < c; ch++)
                    (scale[ch], scale[c + ch]) = Finish(ch, n, weight, bias, eps, runningMean, runningVar, momentum, mean, rstd);
                Apply(x, y, n, c, s, scale, scale + c);
            }
            ArrayPool<float>.Shared.Return(rented);
            return;
        }
        var body = new ForwardBody
        {
            X = x, Y = y, N = n, C = c, S = s, Weight = weight, Bias = bias, Eps = eps, RunningMean = runningMean,
            RunningVar = runningVar, Momentum = momentum, Mean = mean, Rstd = rstd,
        };
        ForChannels(ref body, n, c, s);
    }

    /// <summary>
    /// Backward: per channel Σg and Σg·(x − mean) into <paramref name="sumG"/>/<paramref name="sumGX"/>, then (when
    /// <paramref name="dx"/> is not null) dx = w·rstd·(g − Σg/M − x̂·Σg·x̂/M) in training, w·rstd·g in evaluation.
    /// With S &gt; 1 each channel is one task, so the dx pass reads g and x from cache.
    /// </summary>
    public static void Backward(float* g, float* x, float* dx, int n, int c, int s, float* weight, float* mean, float* rstd,
                                bool training, float* sumG, float* sumGX)
    {
        if (s == 1)
        {
            GradSums(g, x, n, c, s, mean, sumG, sumGX);
            if (dx is null) return;
            float[] rented = ArrayPool<float>.Shared.Rent(3 * c);
            fixed (float* a = rented)
            {
                for (int ch = 0; ch < c; ch++)
                    (a[ch], a[c + ch], a[2 * c + ch]) = InputCoefficients(ch, (double)n * s, weight, mean, rstd, training, sumG, sumGX);
                InputGrad(g, x, dx, n, c, s, a, a + c, a + 2 * c);
            }
            ArrayPool<float>.Shared.Return(rented);
            return;
        }
        var body = new BackwardBody
        {
            G = g, X = x, Dx = dx, N = n, C = c, S = s, Weight = weight, Mean = mean, Rstd = rstd, Training = training,
            SumG = sumG, SumGX = sumGX,
        };
        ForChannels(ref body, n, c, s);
    }

    /// <summary>Turns channel <paramref name="ch"/>'s variance (in rstd) into rstd, updates the running statistics and returns y = x·scale + shift.</summary>
    internal static (float Scale, float Shift) Finish(int ch, long count, float* weight, float* bias, float eps, float* runningMean,
                                                     float* runningVar, float momentum, float* mean, float* rstd)
    {
        float variance = rstd[ch];
        if (runningMean is not null) runningMean[ch] = (1f - momentum) * runningMean[ch] + momentum * mean[ch];
        if (runningVar is not null)
            runningVar[ch] = (1f - momentum) * runningVar[ch] + momentum * (float)(variance * ((double)count / (count - 1)));
        float r = (float)(1.0 / Math.Sqrt(variance + (double)eps));
        rstd[ch] = r;
        float sc = weight is null ? r : weight[ch] * r;
        return (sc, (bias is null ? 0f : bias[ch]) - mean[ch] * sc);
    }

    /// <summary>(a, b, k) with dx = a·g + b·x + k for channel <paramref name="ch"/>.</summary>
    internal static (float A, float B, float K) InputCoefficients(int ch, double count, float* weight, float* mean, float* rstd, bool training,
                                                                 float* sumG, float* sumGX)
    {
        double scale = (weight is null ? 1.0 : weight[ch]) * rstd[ch];
        double bc = training ? -scale * rstd[ch] * rstd[ch] * sumGX[ch] / count : 0;
        return ((float)scale, (float)bc, training ? (float)(-scale * sumG[ch] / count - bc * mean[ch]) : 0f);
    }

    /// <summary>Per-channel mean and biased variance, from shifted sums (shift = the channel's first value) in float64.</summary>
    public static void Statistics(float* x, int n, int c, int s, float* mean, float* var)
    {
        if (s == 1)
        {
            float[] rented = ArrayPool<float>.Shared.Rent(2 * c);
            var shift = rented.AsSpan(0, c);
            var tmp = rented.AsSpan(c, c);
            var sum = new Span<float>(mean, c);
            var squares = new Span<float>(var, c);
            new ReadOnlySpan<float>(x, c).CopyTo(shift);
            sum.Clear();
            squares.Clear();
            for (int row = 0; row < n; row++)
            {
                TensorPrimitives.Subtract(new ReadOnlySpan<float>(x + (long)row * c, c), shift, tmp);
                TensorPrimitives.Add(sum, tmp, sum);
                TensorPrimitives.MultiplyAdd(tmp, tmp, squares, squares);
            }
            for (int ch = 0; ch < c; ch++)
            {
                double m = (double)sum[ch] / n;
                mean[ch] = (float)(shift[ch] + m);
                var[ch] = (float)Math.Max(squares[ch] / (double)n - m * m, 0);
            }
            ArrayPool<float>.Shared.Return(rented);
            return;
        }
        var body = new StatisticsBody { X = x, N = n, C = c, S = s, Mean = mean, Var = var };
        ForChannels(ref body, n, c, s);
    }

    /// <summary>y = x·scale[c] + shift[c].</summary>
    public static void Apply(float* x, float* y, int n, int c, int s, float* scale, float* shift)
    {
        if (s == 1)
        {
            var sc = new ReadOnlySpan<float>(scale, c);
            var sh = new ReadOnlySpan<float>(shift, c);
            for (int row = 0; row < n; row++)
            {
                long at = (long)row * c;
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(x + at, c), sc, sh, new Span<float>(y + at, c));
            }
            return;
        }
        var body = new ApplyBody { X = x, Y = y, N = n, C = c, S = s, Scale = scale, Shift = shift };
        ForChannels(ref body, n, c, s);
    }

    /// <summary>sumG[c] = Σ g and sumGX[c] = Σ g·(x − mean[c]) over channel c.</summary>
    public static void GradSums(float* g, float* x, int n, int c, int s, float* mean, float* sumG, float* sumGX)
    {
        if (s == 1)
        {
            float[] rented = ArrayPool<float>.Shared.Rent(c);
            var tmp = rented.AsSpan(0, c);
            var m = new ReadOnlySpan<float>(mean, c);
            var sg = new Span<float>(sumG, c);
            var sgx = new Span<float>(sumGX, c);
            sg.Clear();
            sgx.Clear();
            for (int row = 0; row < n; row++)
            {
                long at = (long)row * c;
                var gRow = new ReadOnlySpan<float>(g + at, c);
                TensorPrimitives.Subtract(new ReadOnlySpan<float>(x + at, c), m, tmp);
                TensorPrimitives.MultiplyAdd(gRow, tmp, sgx, sgx);
                TensorPrimitives.Add(sg, gRow, sg);
            }
            ArrayPool<float>.Shared.Return(rented);
            return;
        }
        var body = new GradSumsBody { G = g, X = x, N = n, C = c, S = s, Mean = mean, SumG = sumG, SumGX = sumGX };
        ForChannels(ref body, n, c, s);
    }

    /// <summary>dx = a[c]·g + b[c]·x + k[c].</summary>
    public static void InputGrad(float* g, float* x, float* dx, int n, int c, int s, float* a, float* b, float* k)
    {
        if (s == 1)
        {
            var va = new ReadOnlySpan<float>(a, c);
            var vb = new ReadOnlySpan<float>(b, c);
            var vk = new ReadOnlySpan<float>(k, c);
            for (int row = 0; row < n; row++)
            {
                long at = (long)row * c;
                var d = new Span<float>(dx + at, c);
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(x + at, c), vb, vk, d);
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(g + at, c), va, d, d);
            }
            return;
        }
        var body = new InputGradBody { G = g, X = x, Dx = dx, N = n, C = c, S = s, A = a, B = b, K = k };
        ForChannels(ref body, n, c, s);
    }

    /// <summary>
    /// Evaluation mode's per-channel constants from the running statistics: mean = running_mean,
    /// rstd = 1/√(running_var + ε), scale = γ·rstd (rstd without <paramref name="weight"/>) and
    /// shift = β − mean·scale (β = 0 without <paramref name="bias"/>), so y = x·scale + shift.
    /// </summary>
    public static void EvalStatistics(int c, float* runningMean, float* runningVar, float* weight, float* bias, float eps,
                                      float* mean, float* rstd, float* scale, float* shift)
    {
        for (int ch = 0; ch < c; ch++)
        {
            mean[ch] = runningMean[ch];
            rstd[ch] = (float)(1.0 / Math.Sqrt(runningVar[ch] + (double)eps));
            scale[ch] = weight is null ? rstd[ch] : weight[ch] * rstd[ch];
            shift[ch] = (bias is null ? 0f : bias[ch]) - mean[ch] * scale[ch];
        }
    }

    private static void ForChannels<T>(ref T body, int n, int c, int s) where T : struct, IParallelFor
    {
        long total = (long)n * c * s;
        WorkerPool.For(c, ref body, total >= ParallelThreshold ? int.MaxValue : 1);
    }

    private struct ForwardBody : IParallelFor
    {
        public float* X, Y, Weight, Bias, RunningMean, RunningVar, Mean, Rstd;
        public int N, C, S;
        public float Eps, Momentum;

        public readonly void Invoke(int ch)
        {
            new StatisticsBody { X = X, N = N, C = C, S = S, Mean = Mean, Var = Rstd }.Invoke(ch);
            var (scale, shift) = Finish(ch, (long)N * S, Weight, Bias, Eps, RunningMean, RunningVar, Momentum, Mean, Rstd);
            for (int row = 0; row < N; row++)
            {
                long at = ((long)row * C + ch) * S;
                NormLoops.Affine(X + at, Y + at, S, scale, shift);
            }
        }
    }

    private struct BackwardBody : IParallelFor
    {
        public float* G, X, Dx, Weight, Mean, Rstd, SumG, SumGX;
        public int N, C, S;
        public bool Training;

        public readonly void Invoke(int ch)
        {
            new GradSumsBody { G = G, X = X, N = N, C = C, S = S, Mean = Mean, SumG = SumG, SumGX = SumGX }.Invoke(ch);
            if (Dx is null) return;
            var (a, b, k) = InputCoefficients(ch, (double)N * S, Weight, Mean, Rstd, Training, SumG, SumGX);
            for (int row = 0; row < N; row++)
            {
                long at = ((long)row * C + ch) * S;
                NormLoops.Combine(G + at, X + at, null, Dx + at, S, a, b, k);
            }
        }
    }

    /// <summary>Channel ch's mean and biased variance (into Mean[ch], Var[ch]) over its N runs of S floats.</summary>
    internal struct StatisticsBody : IParallelFor
    {
        public float* X, Mean, Var;
        public int N, C, S;

        public readonly void Invoke(int ch)
        {
            float shift = X[(long)ch * S];
            double sum = 0, squares = 0;
            for (int row = 0; row < N; row++)
            {
                var (a, b) = NormLoops.ShiftedMoments(X + ((long)row * C + ch) * S, S, shift);
                sum += a;
                squares += b;
            }
            double count = (double)N * S;
            double m = sum / count;
            Mean[ch] = (float)(shift + m);
            Var[ch] = (float)Math.Max(squares / count - m * m, 0);
        }
    }

    private struct ApplyBody : IParallelFor
    {
        public float* X, Y, Scale, Shift;
        public int N, C, S;

        public readonly void Invoke(int ch)
        {
            for (int row = 0; row < N; row++)
            {
                long at = ((long)row * C + ch) * S;
                NormLoops.Affine(X + at, Y + at, S, Scale[ch], Shift[ch]);
            }
        }
    }

    private struct GradSumsBody : IParallelFor
    {
        public float* G, X, Mean, SumG, SumGX;
        public int N, C, S;

        public readonly void Invoke(int ch)
        {
            double sg = 0, sgx = 0;
            for (int row = 0; row < N; row++)
            {
                long at = ((long)row * C + ch) * S;
                var (a, b) = NormLoops.GradMoments(G + at, X + at, S, Mean[ch]);
                sg += a;
                sgx += b;
            }
            SumG[ch] = (float)sg;
            SumGX[ch] = (float)sgx;
        }
    }

    private struct InputGradBody : IParallelFor
    {
        public float* G, X, Dx, A, B, K;
        public int N, C, S;

        public readonly void Invoke(int ch)
        {
            for (int row = 0; row < N; row++)
            {
                long at = ((long)row * C + ch) * S;
                NormLoops.Combine(G + at, X + at, null, Dx + at, S, A[ch], B[ch], K[ch]);
            }
        }
    }
}
