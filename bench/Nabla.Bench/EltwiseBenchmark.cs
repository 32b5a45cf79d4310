using Nabla;

namespace Nabla.Bench;

/// <summary>
/// Memory throughput of element-wise tensor ops (bytes read + written per second) on contiguous float32 tensors,
/// with a plain memory copy of the same size measured in the same run as the anchor. Sizes: 64 K elements
/// (in L2) and 4 M elements (in memory). Each op runs inside a <see cref="TensorScope"/>, as in training, after
/// 0.3 s of warm-up so tiered compilation has produced optimised code.
/// </summary>
public sealed class EltwiseBenchmark : IBenchmark
{
    /// <inheritdoc/>
    public string Name => "eltwise";

    /// <inheritdoc/>
    public void Run(BenchReporter report)
    {
        foreach (int n in new[] { 1 << 16, 1 << 22 })
        {
            var a = Tensor.Randn(n);
            var b = Tensor.Randn(n);
            var row = Tensor.Randn(n / 256);
            var src = new float[n];
            var dst = new float[n];
            double copy = Throughput(2L * n, () => src.AsSpan().CopyTo(dst));
            string size = n >= 1 << 20 ? $"{n >> 20}M" : $"{n >> 10}K";
            Case(report, $"copy_{size}", copy, copy);
            Case(report, $"add_{size}", Throughput(3L * n, () => Scoped(() => a.Add(b))), copy);
            Case(report, $"mul_{size}", Throughput(3L * n, () => Scoped(() => a.Mul(b))), copy);
            Case(report, $"add_broadcast_row_{size}", Throughput(2L * n, () => Scoped(() => a.Reshape(256, n / 256).Add(row))), copy);
            Case(report, $"relu_{size}", Throughput(2L * n, () => Scoped(() => a.Relu())), copy);
            Case(report, $"exp_{size}", Throughput(2L * n, () => Scoped(() => a.Exp())), copy);
            Case(report, $"sigmoid_{size}", Throughput(2L * n, () => Scoped(() => a.Sigmoid())), copy);
            Case(report, $"sum_{size}", Throughput(1L * n, () => Scoped(() => a.Sum())), copy);
        }
    }

    private void Case(BenchReporter report, string name, double gbps, double copyGbps) =>
        report.Report(Name, name, 1, "GB/s", gbps, "memcpy_GB/s", copyGbps);

    private static void Scoped(Func<Tensor> op)
    {
        using (TensorScope.Enter()) op();
    }

    private static double Throughput(long floats, Action action)
    {
        var warm = System.Diagnostics.Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 0.3) action();
        var result = Timing.Measure(action, warmup: 5, repeats: 15, minSampleSeconds: 0.02);
        return floats * sizeof(float) / result.Median / 1e9;
    }
}
