using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Nabla.Kernels;

namespace Nabla.Bench;

/// <summary>
/// SGEMM throughput against the machine's FMA peak measured in the same run.
/// First reports <c>peak_gflops</c> (case <c>fma_peak</c>): a loop of 16 independent FMA accumulators per thread on
/// the widest SIMD path, for 1 and 2 threads (fastest of 11 samples). Then GFLOP/s (2*m*n*k per call) of row-major <c>Gemm.Sgemm</c> for
/// cubes 128..2048 (NN) and the MLP shapes, each case written <c>m x k x n</c> with the transposes (NN, TN, NT),
/// as the median of 9 samples after warm-up;
/// every figure carries <c>anchor = fma_peak</c> for its thread count, so <c>ratio</c> is the fraction of peak.
/// </summary>
public sealed unsafe class GemmBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "gemm";

    private static readonly (int M, int K, int N, bool TA, bool TB, string Label)[] Cases =
    [
        (128, 128, 128, false, false, "128^3 NN"),
        (256, 256, 256, false, false, "256^3 NN"),
        (512, 512, 512, false, false, "512^3 NN"),
        (1024, 1024, 1024, false, false, "1024^3 NN"),
        (2048, 2048, 2048, false, false, "2048^3 NN"),
        (128, 784, 256, false, false, "mlp 128x784x256 NN (m x k x n)"),
        (784, 128, 256, true, false, "mlp 784x128x256 TN (m x k x n)"),
        (128, 256, 784, false, true, "mlp 128x256x784 NT (m x k x n)"),
        (128, 256, 128, false, false, "mlp 128x256x128 NN (m x k x n)"),
    ];

    /// <inheritdoc />
    public void Run(BenchReporter report)
    {
        int saved = KernelThreads.Count;
        int[] threadCounts = Environment.ProcessorCount >= 2 ? [1, 2] : [1];
        var peak = new Dictionary<int, double>();
        try
        {
            foreach (int t in threadCounts)
            {
                KernelThreads.Count = t;
                double flopsPerCall = 0;
                // The fastest sample, not the median: the peak is what the core can do, and a GEMM figure's
                // ratio to it should not look better because the peak loop was disturbed by other processes.
                TimingResult r = Timing.Measure(() => flopsPerCall = PeakLoop(t), warmup: 2, repeats: 11);
                peak[t] = flopsPerCall / r.Min / 1e9;
                report.Report(Name, "fma_peak", t, "peak_gflops", peak[t],
                    note: $"{Simd.Path}, 16 independent FMA chains per thread");
            }

            foreach (var (m, k, n, ta, tb, label) in Cases)
            {
                float[] a = Fill(m * k, 1), b = Fill(k * n, 2), c = new float[m * n];
                int lda = ta ? m : k, ldb = tb ? k : n;
                double flops = 2.0 * m * n * k;
                foreach (int t in threadCounts)
                {
                    KernelThreads.Count = t;
                    TimingResult r;
                    fixed (float* pa = a, pb = b, pc = c)
                    {
                        float* xa = pa, xb = pb, xc = pc;
                        r = Timing.Measure(() => Gemm.Sgemm(ta, tb, m, n, k, 1f, xa, lda, xb, ldb, 0f, xc, n),
                            warmup: 3, repeats: 9, minSampleSeconds: 0.02);
                    }
                    report.Report(Name, label, t, "gflops", flops / r.Median / 1e9, "fma_peak", peak[t],
                        note: r.LoadNote);
                }
            }
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    private static float[] Fill(int length, int seed)
    {
        var rng = new Random(seed);
        var x = new float[length];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() - 0.5);
        return x;
    }

    private const int PeakIterations = 8_000_000;

    /// <summary>Runs the peak loop on <paramref name="threads"/> threads; returns the flops executed.</summary>
    internal static double PeakLoop(int threads)
    {
        var region = new PeakRegion();
        int ran = WorkerPool.Run(threads, ref region);
        int lanes = Simd.Path switch { SimdPath.Vector512 => 16, SimdPath.Vector256 => 8, _ => 4 };
        return (double)ran * PeakIterations * 16 * lanes * 2;
    }

    private struct PeakRegion : IParallelRegion
    {
        public float Sink;

        public void Execute(in RegionContext context)
        {
            float s = Simd.Path switch
            {
                SimdPath.Vector512 => Fma512(PeakIterations),
                SimdPath.Vector256 => Fma256(PeakIterations),
                _ => Fma128(PeakIterations),
            };
            if (s == 12345f) Sink = s; // keeps the loop alive
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fma512(int iterations)
    {
        Vector512<float> x = Vector512.Create(0.999f), y = Vector512.Create(1e-7f);
        Vector512<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x;
        Vector512<float> a8 = x, a9 = x, a10 = x, a11 = x, a12 = x, a13 = x, a14 = x, a15 = x;
        for (int i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, x, y); a1 = Vector512.FusedMultiplyAdd(a1, x, y);
            a2 = Vector512.FusedMultiplyAdd(a2, x, y); a3 = Vector512.FusedMultiplyAdd(a3, x, y);
            a4 = Vector512.FusedMultiplyAdd(a4, x, y); a5 = Vector512.FusedMultiplyAdd(a5, x, y);
            a6 = Vector512.FusedMultiplyAdd(a6, x, y); a7 = Vector512.FusedMultiplyAdd(a7, x, y);
            a8 = Vector512.FusedMultiplyAdd(a8, x, y); a9 = Vector512.FusedMultiplyAdd(a9, x, y);
            a10 = Vector512.FusedMultiplyAdd(a10, x, y); a11 = Vector512.FusedMultiplyAdd(a11, x, y);
            a12 = Vector512.FusedMultiplyAdd(a12, x, y); a13 = Vector512.FusedMultiplyAdd(a13, x, y);
            a14 = Vector512.FusedMultiplyAdd(a14, x, y); a15 = Vector512.FusedMultiplyAdd(a15, x, y);
        }
        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fma256(int iterations)
    {
        Vector256<float> x = Vector256.Create(0.999f), y = Vector256.Create(1e-7f);
        Vector256<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x;
        Vector256<float> a8 = x, a9 = x, a10 = x, a11 = x, a12 = x, a13 = x, a14 = x, a15 = x;
        for (int i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, x, y); a1 = Vector256.FusedMultiplyAdd(a1, x, y);
            a2 = Vector256.FusedMultiplyAdd(a2, x, y); a3 = Vector256.FusedMultiplyAdd(a3, x, y);
            a4 = Vector256.FusedMultiplyAdd(a4, x, y); a5 = Vector256.FusedMultiplyAdd(a5, x, y);
            a6 = Vector256.FusedMultiplyAdd(a6, x, y); a7 = Vector256.FusedMultiplyAdd(a7, x, y);
            a8 = Vector256.FusedMultiplyAdd(a8, x, y); a9 = Vector256.FusedMultiplyAdd(a9, x, y);
            a10 = Vector256.FusedMultiplyAdd(a10, x, y); a11 = Vector256.FusedMultiplyAdd(a11, x, y);
            a12 = Vector256.FusedMultiplyAdd(a12, x, y); a13 = Vector256.FusedMultiplyAdd(a13, x, y);
            a14 = Vector256.FusedMultiplyAdd(a14, x, y); a15 = Vector256.FusedMultiplyAdd(a15, x, y);
        }
        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Fma128(int iterations)
    {
        Vector128<float> x = Vector128.Create(0.999f), y = Vector128.Create(1e-7f);
        Vector128<float> a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x;
        Vector128<float> a8 = x, a9 = x, a10 = x, a11 = x, a12 = x, a13 = x, a14 = x, a15 = x;
        for (int i = 0; i < iterations; i++)
        {
            a0 = Vector128.FusedMultiplyAdd(a0, x, y); a1 = Vector128.FusedMultiplyAdd(a1, x, y);
            a2 = Vector128.FusedMultiplyAdd(a2, x, y); a3 = Vector128.FusedMultiplyAdd(a3, x, y);
            a4 = Vector128.FusedMultiplyAdd(a4, x, y); a5 = Vector128.FusedMultiplyAdd(a5, x, y);
            a6 = Vector128.FusedMultiplyAdd(a6, x, y); a7 = Vector128.FusedMultiplyAdd(a7, x, y);
            a8 = Vector128.FusedMultiplyAdd(a8, x, y); a9 = Vector128.FusedMultiplyAdd(a9, x, y);
            a10 = Vector128.FusedMultiplyAdd(a10, x, y); a11 = Vector128.FusedMultiplyAdd(a11, x, y);
            a12 = Vector128.FusedMultiplyAdd(a12, x, y); a13 = Vector128.FusedMultiplyAdd(a13, x, y);
            a14 = Vector128.FusedMultiplyAdd(a14, x, y); a15 = Vector128.FusedMultiplyAdd(a15, x, y);
        }
        return Vector128.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }
}
