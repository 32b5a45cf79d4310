using Nabla.Kernels;

namespace Nabla.Bench;

/// <summary>
/// Convolution and pooling throughput on the layers of the reference CNN (ANCHORS.md: Fashion-MNIST 28x28,
/// conv 1→32 3x3 pad 1, 2x2 max pool, conv 32→64 3x3 pad 1, 2x2 max pool) at batch 128.
/// <list type="bullet">
/// <item>Convolutions: GFLOP/s (2 flops per multiply-add) of the forward pass, the input gradient, the weight and
///   bias gradient, and of one whole training step of the layer (forward + backward; the first layer computes no
///   input gradient, as in training), against <c>fma_peak</c> measured in the same run (see
///   <see cref="GemmBenchmark"/>), for 1 and 2 threads; medians of 7 samples.</item>
/// <item>Pooling (2x2 max and average, both pooled layers): GB/s of forward + backward, counting each tensor read
///   or written once (max: x, y, indices; g, indices, dx; average: x, y; g, dx), against a memory copy of the
///   input's size (read + write) measured in the same run.</item>
/// </list>
/// Kernels are called directly on preallocated buffers, so no allocation or autograd cost is included.
/// </summary>
public sealed unsafe class ConvBenchmark : IBenchmark
{
    /// <inheritdoc />
    public string Name => "conv";

    private const int Batch = 128;

    /// <inheritdoc />
    public void Run(BenchReporter report)
    {
        int saved = KernelThreads.Count;
        int[] threadCounts = Environment.ProcessorCount >= 2 ? [1, 2] : [1];
        try
        {
            foreach (int t in threadCounts)
            {
                KernelThreads.Count = t;
                double flopsPerCall = 0;
                TimingResult r = Timing.Measure(() => flopsPerCall = GemmBenchmark.PeakLoop(t), warmup: 2, repeats: 11);
                double peak = flopsPerCall / r.Min / 1e9;
                report.Report(Name, "fma_peak", t, "peak_gflops", peak, note: $"{Simd.Path}, 16 independent FMA chains per thread");
                Layer(report, t, peak, "conv1 1->32 3x3 pad1 28x28", 1, 28, 32, inputGrad: false);
                Layer(report, t, peak, "conv2 32->64 3x3 pad1 14x14", 32, 14, 64, inputGrad: true);
            }
            KernelThreads.Count = saved;
            Pooling(report, Batch * 32, 28);
            Pooling(report, Batch * 64, 14);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    private void Layer(BenchReporter report, int threads, double peak, string label, int channels, int size, int outChannels,
        bool inputGrad)
    {
        var s = new ConvolutionShape(Batch, channels, size, size, outChannels, 3, 3, 1, 1, 1, 1, 1, 1, size, size, 1);
        var x = Tensor.Randn(Batch, channels, size, size);
        var w = Tensor.Randn(outChannels, channels, 3, 3);
        var b = Tensor.Randn(outChannels);
        var y = Tensor.Zeros(Batch, outChannels, size, size);
        var g = Tensor.Randn(Batch, outChannels, size, size);
        var dx = Tensor.Zeros(Batch, channels, size, size);
        var dw = Tensor.Zeros(outChannels, channels, 3, 3);
        var db = Tensor.Zeros(outChannels);
        float* px = x.Pointer, pw = w.Pointer, pb = b.Pointer, py = y.Pointer, pg = g.Pointer, pdx = dx.Pointer,
            pdw = dw.Pointer, pdb = db.Pointer;
        double flops = 2.0 * s.MultiplyAdds;

        Action forward = () => Convolution.Forward(s, px, pw, pb, py);
        Action data = () => Convolution.BackwardData(s, pg, pw, null, pdx);
        Action weight = () => Convolution.BackwardWeight(s, px, pg, pdw, pdb);
        Action step = () =>
        {
            forward();
            if (inputGrad) data();
            weight();
        };
        Case(report, threads, peak, $"{label} forward", flops, forward);
        if (inputGrad) Case(report, threads, peak, $"{label} input grad", flops, data);
        Case(report, threads, peak, $"{label} weight+bias grad", flops, weight);
        Case(report, threads, peak, $"{label} forward+backward", flops * (inputGrad ? 3 : 2), step);
    }

    private void Case(BenchReporter report, int threads, double peak, string label, double flops, Action action)
    {
        WarmUp(action);
        TimingResult r = Timing.Measure(action, warmup: 3, repeats: 7);
        report.Report(Name, label, threads, "gflops", flops / r.Median / 1e9, "fma_peak", peak, note: r.LoadNote);
    }

    private void Pooling(BenchReporter report, int planes, int size)
    {
        int half = size / 2;
        var s = new PoolingShape(planes, size, size, 2, 2, 2, 2, 0, 0, 1, 1, half, half);
        long inFloats = (long)planes * size * size, outFloats = (long)planes * half * half;
        var x = Tensor.Randn(planes, size, size);
        var dx = Tensor.Zeros(planes, size, size);
        var y = Tensor.Zeros(planes, half, half);
        var idx = Tensor.Zeros(planes, half, half);
        var g = Tensor.Randn(planes, half, half);
        float* px = x.Pointer, pdx = dx.Pointer, py = y.Pointer, pidx = idx.Pointer, pg = g.Pointer;
        var src = new float[inFloats];
        var dst = new float[inFloats];
        double copy = Throughput(2 * inFloats, () => src.AsSpan().CopyTo(dst));
        string shape = $"{planes / Batch} x {size}x{size}, batch {Batch}";
        report.Report(Name, $"memcpy {shape}", KernelThreads.Count, "GB/s", copy, "memcpy_GB/s", copy);
        double max = Throughput(2 * inFloats + 4 * outFloats, () =>
        {
            PoolingMax.Forward(s, px, py, pidx);
            PoolingMax.Backward(s, pg, pidx, pdx);
        });
        report.Report(Name, $"max_pool 2x2 fwd+bwd {shape}", KernelThreads.Count, "GB/s", max, "memcpy_GB/s", copy);
        double avg = Throughput(2 * inFloats + 2 * outFloats, () =>
        {
            PoolingAverage.Forward(s, px, py, true, 0);
            PoolingAverage.Backward(s, pg, pdx, true, 0);
        });
        report.Report(Name, $"avg_pool 2x2 fwd+bwd {shape}", KernelThreads.Count, "GB/s", avg, "memcpy_GB/s", copy);
    }

    /// <summary>Runs the action for 0.3 s so tiered compilation has produced optimised code before timing.</summary>
    private static void WarmUp(Action action)
    {
        var warm = System.Diagnostics.Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 0.3) action();
    }

    private static double Throughput(long floats, Action action)
    {
        WarmUp(action);
        TimingResult r = Timing.Measure(action, warmup: 3, repeats: 9, minSampleSeconds: 0.02);
        return floats * sizeof(float) / r.Median / 1e9;
    }
}
