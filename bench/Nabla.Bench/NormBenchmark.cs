using Nabla;
using Nabla.Kernels;

namespace Nabla.Bench;

/// <summary>
/// Memory throughput of the fused batch-norm kernels on the reference CNN's shapes at batch 128 (ANCHORS.md:
/// conv32-BN on 28×28 gives [128, 32, 28, 28], conv64-BN on 14×14 gives [128, 64, 14, 14]) and of dropout (the
/// CNN's fc128 dropout, [128, 128], and a 4 M-element tensor), with a plain memory copy of the same element count
/// measured in the same run as the anchor. GB/s counts the minimal traffic of the fused passes: batch-norm forward
/// reads x twice and writes y (3 floats per element), backward reads g and x twice and writes dx (5 floats), so
/// forward + backward moves 8; the fused batch norm + ReLU + 2x2 max pool (the CNN's block as Sequential runs it)
/// reads x twice and writes the quarter-size values and indices forward, reads the quarter-size gradient and indices
/// twice, x twice and writes dx backward (6.5 floats per element in all); dropout reads x and writes y and the mask
/// (3); the copy reads and writes (2).
/// Training mode, affine, running statistics updated; every call runs inside a <see cref="TensorScope"/>.
/// </summary>
public sealed class NormBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "norm";

    /// <inheritdoc/>
    public void Run(BenchReporter report)
    {
        int threads = KernelThreads.Count;
        foreach (int[] shape in new[] { new[] { 128, 32, 28, 28 }, new[] { 128, 64, 14, 14 } })
        {
            int c = shape[1];
            var x = Tensor.Randn(shape);
            x.RequiresGrad = true;
            var g = Tensor.Randn(shape);
            var w = Tensor.Ones(c);
            var b = Tensor.Zeros(c);
            w.RequiresGrad = true;
            b.RequiresGrad = true;
            var rm = Tensor.Zeros(c);
            var rv = Tensor.Ones(c);
            double copy = CopyThroughput(x.Numel);
            string name = string.Join("x", shape);
            double forward = Throughput(3L * x.Numel, () =>
            {
                using (TensorScope.Enter())
                using (Autograd.NoGrad())
                    Tensor.BatchNorm(x, rm, rv, w, b, training: true);
            });
            report.Report(Name, $"batch_norm_fwd_{name}", threads, "GB/s", forward, "memcpy_GB/s", copy);
            double both = Throughput(8L * x.Numel, () =>
            {
                using (TensorScope.Enter())
                {
                    Tensor.BatchNorm(x, rm, rv, w, b, training: true).Backward(g);
                    x.Grad = null;
                    w.Grad = null;
                    b.Grad = null;
                }
            });
            report.Report(Name, $"batch_norm_fwd_bwd_{name}", threads, "GB/s", both, "memcpy_GB/s", copy);
            var pooledGrad = Tensor.Randn(shape[0], c, shape[2] / 2, shape[3] / 2);
            double fused = Throughput(13L * x.Numel / 2, () =>
            {
                using (TensorScope.Enter())
                {
                    Tensor.BatchNormReluMaxPool2d(x, rm, rv, w, b, training: true).Backward(pooledGrad);
                    x.Grad = null;
                    w.Grad = null;
                    b.Grad = null;
                }
            });
            report.Report(Name, $"batch_norm_relu_max_pool_fwd_bwd_{name}", threads, "GB/s", fused, "memcpy_GB/s", copy);
        }
        foreach (int[] shape in new[] { new[] { 128, 128 }, new[] { 1024, 4096 } })
        {
            var x = Tensor.Randn(shape);
            var generator = new Generator(0);
            double copy = CopyThroughput(x.Numel);
            double dropout = Throughput(3L * x.Numel, () =>
            {
                using (TensorScope.Enter()) Tensor.Dropout(x, 0.3f, training: true, generator);
            });
            report.Report(Name, $"dropout_{string.Join("x", shape)}", 1, "GB/s", dropout, "memcpy_GB/s", copy);
        }
    }

    private static double CopyThroughput(int n)
    {
        var src = new float[n];
        var dst = new float[n];
        return Throughput(2L * n, () => src.AsSpan().CopyTo(dst));
    }

    private static double Throughput(long floats, Action action)
    {
        var warm = System.Diagnostics.Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 0.3) action();
        var result = Timing.Measure(action, warmup: 3, repeats: 9, minSampleSeconds: 0.02);
        return floats * sizeof(float) / result.Median / 1e9;
    }
}
