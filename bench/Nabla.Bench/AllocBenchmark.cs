using System.Diagnostics;
using Nabla;

namespace Nabla.Bench;

/// <summary>
/// Managed allocation and working-set growth of steady-state training: 1,000 forward+backward+SGD steps of a
/// 784-256-10 ReLU MLP on a fixed batch of 128, each step inside a <see cref="TensorScope"/>. The anchor is the
/// same loop without a scope (every tensor left to the garbage collector), measured in the same run.
/// Target: under 4 KB per step and no working-set growth.
/// </summary>
public sealed class AllocBenchmark : IBenchmark
{
    private const int Steps = 1000;
    private const int Batch = 128;

    /// <inheritdoc/>
    public string Name => "alloc";

    /// <inheritdoc/>
    public void Run(BenchReporter report)
    {
        var mlp = new Mlp();
        var (unscopedBytes, _, _, _) = Measure(mlp, scoped: false, steps: 200);
        Measure(mlp, scoped: true, steps: Steps);
        var (bytes, growth, heapGrowth, seconds) = Measure(mlp, scoped: true, steps: Steps);
        report.Report(Name, "mlp784-256-10_b128", Kernels.KernelThreads.Count, "bytes_per_step", bytes,
                      "no_scope_bytes_per_step", unscopedBytes);
        report.Report(Name, "mlp784-256-10_b128", Kernels.KernelThreads.Count, "working_set_growth_bytes", growth,
                      note: "after 1000 warm-up steps: working set (after a full GC) at the end of 1000 more steps minus at their start");
        report.Report(Name, "mlp784-256-10_b128", Kernels.KernelThreads.Count, "managed_heap_growth_bytes", heapGrowth,
                      note: "GC.GetTotalMemory(true) at the end of the same 1000 steps minus at their start");
        report.Report(Name, "mlp784-256-10_b128", Kernels.KernelThreads.Count, "steps_per_second", Steps / seconds);
    }

    private static (double BytesPerStep, long Growth, long HeapGrowth, double Seconds) Measure(Mlp mlp, bool scoped, int steps)
    {
        for (int i = 0; i < 50; i++) mlp.Step(scoped);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long ws0 = Process.GetCurrentProcess().WorkingSet64;
        long heap0 = GC.GetTotalMemory(forceFullCollection: true);
        long allocated0 = GC.GetTotalAllocatedBytes(precise: true);
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < steps; i++) mlp.Step(scoped);
        double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated0;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long ws1 = Process.GetCurrentProcess().WorkingSet64;
        long heap1 = GC.GetTotalMemory(forceFullCollection: true);
        return ((double)allocated / steps, ws1 - ws0, heap1 - heap0, seconds);
    }

    /// <summary>The benchmark's model, written with tensor ops only (no layers, so it depends on the engine alone).</summary>
    private sealed class Mlp
    {
        private readonly Tensor _x, _target, _w1, _b1, _w2, _b2;

        public Mlp()
        {
            var g = new Generator(0);
            _x = Tensor.Normal([Batch, 784], generator: g);
            _target = Tensor.Zeros(Batch, 10);
            for (int i = 0; i < Batch; i++) _target[i, i % 10] = 1f;
            _w1 = Param(Tensor.Normal([256, 784], 0f, 0.05f, g));
            _b1 = Param(Tensor.Zeros(256));
            _w2 = Param(Tensor.Normal([10, 256], 0f, 0.05f, g));
            _b2 = Param(Tensor.Zeros(10));
        }

        private static Tensor Param(Tensor t)
        {
            t.RequiresGrad = true;
            return t;
        }

        public void Step(bool scoped)
        {
            if (scoped)
            {
                using (TensorScope.Enter()) StepCore();
            }
            else
            {
                StepCore();
            }
        }

        private void StepCore()
        {
            var hidden = Tensor.Linear(_x, _w1, _b1).Relu();
            var logits = Tensor.Linear(hidden, _w2, _b2);
            var loss = logits.LogSoftmax(1).Mul(_target).Sum().MulScalar(-1f / Batch);
            loss.Backward();
            using (Autograd.NoGrad())
            {
                Update(_w1); Update(_b1); Update(_w2); Update(_b2);
            }
        }

        private static void Update(Tensor p)
        {
            p.AddInPlace(p.Grad!, -0.01f);
            p.Grad!.Zero();
        }
    }
}
