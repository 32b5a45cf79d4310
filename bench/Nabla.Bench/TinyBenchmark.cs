using Nabla.Optim;

namespace Nabla.Bench;

/// <summary>
/// One full training step — forward, backward and optimizer update — of the tiny MLP 10-32-2 (ReLU) at batch 32
/// with cross-entropy built from tensor ops (−mean of LogSoftmax gathered at the labels), for SGD (lr 0.01) and
/// Adam (lr 1e-3), single-threaded, in microseconds per step; the framework-overhead regime. Each step runs inside a
/// <see cref="TensorScope"/> and reuses the gradients (ZeroGrad zeroes them in place). Anchors are PyTorch's
/// published figures from ANCHORS.md (68 µs SGD, 129 µs Adam), fixed values not measured in this run; the
/// issue's target is a ratio ≤ 0.1. Also reports bytes allocated per step on the calling thread, and the time of
/// the optimizer update alone (<c>_update_only</c>) to separate it from the forward/backward cost.
/// </summary>
public sealed class TinyBenchmark : IBenchmark
{
    private const string AnchorNote = "anchor is PyTorch's published figure from ANCHORS.md, not measured in this run";

    /// <inheritdoc/>
    public string Name => "tiny";

    /// <inheritdoc/>
    public void Run(BenchReporter report)
    {
        int saved = Kernels.KernelThreads.Count;
        Kernels.KernelThreads.Count = 1;
        try
        {
            foreach (var (label, anchor, make) in new (string, double, Func<Tensor[], Optimizer>)[]
                     {
                         ("mlp_10_32_2_b32_sgd", 68, ps => new Sgd(ps, lr: 0.01)),
                         ("mlp_10_32_2_b32_adam", 129, ps => new Adam(ps, lr: 1e-3)),
                     })
            {
                var model = new TinyMlp();
                var opt = make(model.Parameters);
                var result = Timing.Measure(() => model.TrainStep(opt), warmup: 30_000, repeats: 15, minSampleSeconds: 0.05);
                report.Report(Name, label, 1, "us_per_step", result.Median * 1e6, "pytorch_us_per_step", anchor, AnchorNote);
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 100; i++) model.TrainStep(opt);
                report.Report(Name, label, 1, "bytes_allocated_per_step", (GC.GetAllocatedBytesForCurrentThread() - before) / 100.0);
                var update = Timing.Measure(() => opt.Step(), warmup: 30_000, repeats: 15, minSampleSeconds: 0.02);
                report.Report(Name, label + "_update_only", 1, "us_per_step", update.Median * 1e6);
            }
        }
        finally
        {
            Kernels.KernelThreads.Count = saved;
        }
    }

    private sealed class TinyMlp
    {
        private readonly Tensor _w1, _b1, _w2, _b2, _x, _y;

        public TinyMlp()
        {
            var g = new Generator(0);
            _w1 = Param(Tensor.Uniform([32, 10], -0.3f, 0.3f, g));
            _b1 = Param(Tensor.Uniform([32], -0.3f, 0.3f, g));
            _w2 = Param(Tensor.Uniform([2, 32], -0.17f, 0.17f, g));
            _b2 = Param(Tensor.Uniform([2], -0.17f, 0.17f, g));
            _x = Tensor.Normal([32, 10], generator: g);
            var labels = new float[32];
            for (int i = 0; i < labels.Length; i++) labels[i] = i % 2;
            _y = Tensor.FromArray(labels, 32, 1);
        }

        public Tensor[] Parameters => [_w1, _b1, _w2, _b2];

        private static Tensor Param(Tensor t)
        {
            t.RequiresGrad = true;
            return t;
        }

        public void TrainStep(Optimizer opt)
        {
            using (TensorScope.Enter())
            {
                opt.ZeroGrad();
                var hidden = Tensor.Linear(_x, _w1, _b1).Relu();
                var logits = Tensor.Linear(hidden, _w2, _b2);
                var loss = -logits.LogSoftmax(1).Gather(1, _y).Mean();
                loss.Backward();
                opt.Step();
            }
        }
    }
}
