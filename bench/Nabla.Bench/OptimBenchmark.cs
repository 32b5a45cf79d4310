using Nabla.Kernels;
using Nabla.Optim;

namespace Nabla.Bench;

/// <summary>
/// Optimizer update throughput over a 10M-parameter set (tensors of 4M, 4M, 1.9M and 100K elements, like the
/// layers of a model) in GB/s of memory touched per step — SGD with momentum reads p, g, buf and writes p, buf
/// (20 bytes per parameter); Adam reads p, g, m, v and writes p, m, v (28 bytes) — against a memory copy of the
/// same number of bytes (half read, half written) measured in the same run with the same threads, for 1 and 2
/// threads. Target: ratio ≥ 0.7. Also reports bytes allocated per step on the calling thread (expected 0).
/// </summary>
public sealed class OptimBenchmark : IBenchmark
{
    private static readonly int[] Sizes = [4_000_000, 4_000_000, 1_900_000, 100_000];

    /// <inheritdoc/>
    public string Name => "optim";

    /// <inheritdoc/>
    public void Run(BenchReporter report)
    {
        int saved = KernelThreads.Count;
        int[] threadCounts = Environment.ProcessorCount >= 2 ? [1, 2] : [1];
        try
        {
            var ps = new Tensor[Sizes.Length];
            long total = 0;
            for (int i = 0; i < ps.Length; i++)
            {
                ps[i] = Tensor.AllocateUnscoped([Sizes[i]]);
                ps[i].ContiguousSpan().Fill(0.5f);
                ps[i].RequiresGrad = true;
                ps[i].Grad = Tensor.AllocateUnscoped([Sizes[i]]);
                ps[i].Grad!.ContiguousSpan().Fill(1e-3f);
                total += Sizes[i];
            }
            foreach (int threads in threadCounts)
            {
                KernelThreads.Count = threads;
                foreach (var (label, floatsPerParam, make) in new (string, int, Func<Optimizer>)[]
                         {
                             ("sgd_momentum_10M", 5, () => new Sgd(ps, lr: 1e-6, momentum: 0.9)),
                             ("adam_10M", 7, () => new Adam(ps, lr: 1e-6)),
                         })
                {
                    long bytes = total * floatsPerParam * sizeof(float);
                    double copy = CopyThroughput(bytes, threads);
                    var opt = make();
                    opt.Step();
                    var result = Timing.Measure(() => opt.Step(), warmup: 3, repeats: 11);
                    report.Report(Name, label, threads, "GB/s", bytes / result.Median / 1e9, "memcpy_GB/s", copy);
                    long before = GC.GetAllocatedBytesForCurrentThread();
                    for (int i = 0; i < 5; i++) opt.Step();
                    report.Report(Name, label, threads, "bytes_allocated_per_step",
                                  (GC.GetAllocatedBytesForCurrentThread() - before) / 5.0);
                }
            }
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    /// <summary>GB/s (read + written) of copying bytes/2 bytes, split over <paramref name="threads"/> pool threads.</summary>
    private static unsafe double CopyThroughput(long bytes, int threads)
    {
        int floats = (int)(bytes / 2 / sizeof(float));
        var src = Tensor.AllocateUnscoped([floats]);
        var dst = Tensor.AllocateUnscoped([floats]);
        src.ContiguousSpan().Fill(1f);
        var body = new CopyChunks { Src = src.Pointer, Dst = dst.Pointer, N = floats };
        int tasks = (floats + OptimizerKernels.ChunkFloats - 1) / OptimizerKernels.ChunkFloats;
        var result = Timing.Measure(() => WorkerPool.For(tasks, ref body, threads), warmup: 3, repeats: 11);
        return bytes / result.Median / 1e9;
    }

    private unsafe struct CopyChunks : IParallelFor
    {
        public float* Src;
        public float* Dst;
        public int N;

        public readonly void Invoke(int index)
        {
            int start = index * OptimizerKernels.ChunkFloats;
            int n = Math.Min(OptimizerKernels.ChunkFloats, N - start);
            new ReadOnlySpan<float>(Src + start, n).CopyTo(new Span<float>(Dst + start, n));
        }
    }
}
