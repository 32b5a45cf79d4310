using Nabla.Kernels;
using Nabla.Losses;
using Nabla.Nn;
using Nabla.Nn.Recurrent;
using Nabla.Optim;

namespace Nabla.Bench;

/// <summary>
/// Training throughput of the ANCHORS.md LSTM: one layer, sequence 50, input 32, hidden 128, batch 64 (time-major),
/// the last step through a Linear(128, 10) head and cross-entropy, Adam (lr 1e-3); one step = forward, backward and
/// update inside a <see cref="TensorScope"/>, in training steps per second for 1 and 2 threads. The anchor is
/// PyTorch 1.13's best published 2-core figure from ANCHORS.md (47–61 steps/s; the top, 61, is used), a fixed value
/// not measured in this run; the target is a ratio ≥ 2. Also reports inference (forward only, no
/// gradients), the same step's GEMMs alone (the bound a fused implementation approaches) and bytes allocated per
/// step. Warm-up is long (40 steps) so that once-per-step methods reach tier-1 code before timing.
/// </summary>
public sealed class LstmBenchmark : IBenchmark
{
    private const string AnchorNote = "anchor is PyTorch 1.13's best published 2-core figure from ANCHORS.md (47-61 steps/s), not measured in this run";
    private const double PyTorchStepsPerSecond = 61;

    /// <inheritdoc/>
    public string Name => "lstm";

    /// <inheritdoc/>
    public void Run(BenchReporter report)
    {
        int saved = KernelThreads.Count;
        int[] threadCounts = Environment.ProcessorCount >= 2 ? [1, 2] : [1];
        try
        {
            var g = new Generator(0);
            var lstm = new LSTM(32, 128, generator: g);
            var head = new Linear(128, 10, generator: g);
            var parameters = lstm.Parameters().Concat(head.Parameters()).ToArray();
            var opt = new Adam(parameters, lr: 1e-3);
            var x = Tensor.Normal([50, 64, 32], generator: g);
            var labels = new float[64];
            for (int i = 0; i < labels.Length; i++) labels[i] = i % 10;
            var y = Tensor.FromArray(labels, 64);

            void Step()
            {
                using (TensorScope.Enter())
                {
                    opt.ZeroGrad();
                    var output = lstm.Forward(x);
                    var loss = Loss.CrossEntropy(head.Forward(output.Select(0, -1)), y);
                    loss.Backward();
                    opt.Step();
                }
            }

            foreach (int threads in threadCounts)
            {
                KernelThreads.Count = threads;
                var result = Timing.Measure(Step, warmup: 40, repeats: 9, minSampleSeconds: 0.2);
                report.Report(Name, "lstm_T50_in32_h128_b64_adam", threads, "steps_per_second", 1 / result.Median,
                              "pytorch_2core_steps_per_second", PyTorchStepsPerSecond, AnchorNote);
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 5; i++) Step();
                report.Report(Name, "lstm_T50_in32_h128_b64_adam", threads, "bytes_allocated_per_step",
                              (GC.GetAllocatedBytesForCurrentThread() - before) / 5.0);
                var inference = Timing.Measure(() =>
                {
                    using (TensorScope.Enter())
                    using (Autograd.NoGrad())
                        head.Forward(lstm.Forward(x).Select(0, -1));
                }, warmup: 40, repeats: 9, minSampleSeconds: 0.2);
                report.Report(Name, "forward_only", threads, "steps_per_second", 1 / inference.Median);
                var gemms = Timing.Measure(GemmOnly, warmup: 20, repeats: 9, minSampleSeconds: 0.2);
                report.Report(Name, "gemm_only_equivalent", threads, "steps_per_second", 1 / gemms.Median,
                              note: "the same step's GEMMs alone (upper bound for the fused implementation)");
            }
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    private static readonly Tensor[] Buffers =
    [
        Tensor.AllocateUnscoped([50 * 64, 32]), Tensor.AllocateUnscoped([512, 32]), Tensor.AllocateUnscoped([50 * 64, 512]),
        Tensor.AllocateUnscoped([51 * 64, 128]), Tensor.AllocateUnscoped([128, 512]), Tensor.AllocateUnscoped([512, 128]),
        Tensor.AllocateUnscoped([64, 128]),
    ];

    /// <summary>
    /// The GEMMs of one training step of the benchmarked LSTM with nothing else: the input projection, 50 hidden-state
    /// products forward and 50 backward, and the two weight-gradient products (dWᵢₕ transposed, as the scan computes
    /// it for narrow inputs).
    /// </summary>
    private static unsafe void GemmOnly()
    {
        if (Buffers[0][0, 0] == 0f)
            foreach (var b in Buffers) b.ContiguousSpan().Fill(0.01f);
        float* x = Buffers[0].Pointer, wIh = Buffers[1].Pointer, gates = Buffers[2].Pointer, hs = Buffers[3].Pointer;
        float* wHhT = Buffers[4].Pointer, wHh = Buffers[5].Pointer, dh = Buffers[6].Pointer;
        Gemm.Sgemm(false, true, 3200, 512, 32, 1f, x, 32, wIh, 32, 0f, gates, 512);
        for (int t = 0; t < 50; t++)
            Gemm.Sgemm(false, false, 64, 512, 128, 1f, hs + t * 64 * 128, 128, wHhT, 512, 1f, gates + t * 64 * 512, 512);
        for (int t = 49; t >= 0; t--)
            Gemm.Sgemm(false, false, 64, 128, 512, 1f, gates + t * 64 * 512, 512, wHh, 128, 1f, dh, 128);
        Gemm.Sgemm(true, false, 512, 128, 3200, 1f, gates, 512, hs, 128, 0f, wHh, 128);
        Gemm.Sgemm(true, false, 32, 512, 3200, 1f, x, 32, gates, 512, 0f, wIh, 512);
    }
}
