using Nabla.Data;
using Nabla.Data.Augment;
using Nabla.Data.Idx;

namespace Nabla.Bench;

/// <summary>
/// Images per second through the <see cref="DataLoader"/> on Fashion-MNIST (the first 40 batches of 128 of the
/// training split, wherever <see cref="FashionMnist.Load"/> finds it) with the reference CNN's augmentation
/// (random crop with padding 2, horizontal flip), with 0, 1 and 2 workers: the loader alone, and the loader
/// feeding a stand-in training step. The anchor, measured in the same run, is the stand-in step alone on a fixed
/// batch: a 784-256-10 ReLU MLP forward + backward with Tensor.Linear (the reference CNN's step replaces it once
/// the convolution layers exist). A ratio above 1 for the loader alone means augmentation is not the bottleneck;
/// the loader + step ratio shows how much of the loading the workers hide behind the step.
/// </summary>
public sealed class LoaderBenchmark : IBenchmark
{
    private const int Batch = 128;
    private const int Batches = 40;
    private const int Repeats = 5;

    /// <inheritdoc/>
    public string Name => "loader";

    /// <inheritdoc/>
    public void Run(BenchReporter report)
    {
        var full = FashionMnist.Load();
        var data = Subset.Create(full, [.. Enumerable.Range(0, Math.Min(full.Count, Batch * Batches))]);
        int images = data.Count / Batch * Batch;
        var augmentation = new Compose(new RandomCrop(2), new RandomHorizontalFlip());
        var step = new StandIn();
        var fixedBatch = Tensor.Rand(Batch, 1, 28, 28);
        Action computeOnly = () =>
        {
            for (int i = 0; i < images / Batch; i++) step.Run(fixedBatch);
        };
        WarmUp(data, augmentation, step, computeOnly);
        var compute = Timing.Measure(computeOnly, warmup: 1, repeats: Repeats);
        double computeRate = images / compute.Median;
        string source = $"data: {full.Source} ({full.Count} images), {images} images per pass";
        report.Report(Name, "standin_mlp784-256-10_step", Kernels.KernelThreads.Count, "images_per_second", computeRate,
                      note: source + "; stand-in for the reference CNN step");

        foreach (int workers in new[] { 0, 1, 2 })
        {
            using var loader = new DataLoader(data, Batch, shuffle: true, dropLast: true, seed: 0, augmentation: augmentation, workers: workers);
            var alone = Timing.Measure(() =>
            {
                foreach (var b in loader) GC.KeepAlive(b);
            }, warmup: 1, repeats: Repeats);
            report.Report(Name, $"crop2_flip_b{Batch}_workers{workers}", workers, "images_per_second", images / alone.Median,
                          "standin_step_images_per_second", computeRate, note: source);
            var fed = Timing.Measure(() =>
            {
                foreach (var b in loader) step.Run(b.Inputs);
            }, warmup: 1, repeats: Repeats);
            report.Report(Name, $"crop2_flip_b{Batch}_workers{workers}_with_step", workers, "images_per_second", images / fed.Median,
                          "standin_step_images_per_second", computeRate, note: source);
        }
    }

    /// <summary>
    /// Runs every configuration a few times and then pauses, so that the JIT's tiered compilation has promoted the
    /// loader's and the kernels' hot methods before anything is timed (otherwise the first configuration measured
    /// runs partly unoptimized code).
    /// </summary>
    private static void WarmUp(IDataset data, IAugmentation augmentation, StandIn step, Action computeOnly)
    {
        for (int round = 0; round < 4; round++)
        {
            computeOnly();
            foreach (int workers in new[] { 0, 1, 2 })
            {
                using var loader = new DataLoader(data, Batch, shuffle: true, dropLast: true, seed: 0, augmentation: augmentation, workers: workers);
                foreach (var b in loader) step.Run(b.Inputs);
            }
            Thread.Sleep(250);
        }
    }

    /// <summary>The stand-in training step: forward and backward of a 784-256-10 ReLU MLP, inside a scope.</summary>
    private sealed class StandIn
    {
        private readonly Tensor _w1, _b1, _w2, _b2;

        public StandIn()
        {
            var g = new Generator(0);
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

        public void Run(Tensor inputs)
        {
            using (TensorScope.Enter())
            {
                var x = inputs.Reshape(inputs.Shape[0], 784);
                var logits = Tensor.Linear(Tensor.Linear(x, _w1, _b1).Relu(), _w2, _b2);
                logits.LogSoftmax(1).Sum().MulScalar(-1f / inputs.Shape[0]).Backward();
            }
            _w1.Grad = _b1.Grad = _w2.Grad = _b2.Grad = null;
        }
    }
}
