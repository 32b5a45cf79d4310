using Nabla.Data;
using Nabla.Data.Augment;
using Nabla.Data.Idx;
using Nabla.Losses;
using Nabla.Nn;
using Nabla.Optim;

namespace Nabla.Bench;

/// <summary>
/// Images per second through the <see cref="DataLoader"/> on Fashion-MNIST (the first 40 batches of 128 of the
/// training split, wherever <see cref="FashionMnist.Load"/> finds it) with the reference CNN's augmentation
/// (random crop with padding 2, horizontal flip), with 0, 1 and 2 workers: the loader alone, and the loader
/// feeding the reference CNN's training step. The anchor, measured in the same run, is that training step alone on
/// a fixed batch (the reference CNN of ANCHORS.md: forward, cross-entropy, backward, Adam). A ratio above 1 for the
/// loader alone means augmentation is not the bottleneck; the loader + step ratio shows how much of the loading the
/// workers hide behind the step.
/// </summary>
public sealed class LoaderBenchmark : IBenchmark
{
    private const int Batch = 128;
    private const int Batches = 12;
    private const int Repeats = 3;

    /// <inheritdoc/>
    public string Name => "loader";

    /// <inheritdoc/>
    public void Run(BenchReporter report)
    {
        var full = FashionMnist.Load();
        var data = Subset.Create(full, [.. Enumerable.Range(0, Math.Min(full.Count, Batch * Batches))]);
        int images = data.Count / Batch * Batch;
        var augmentation = new Compose(new RandomCrop(2), new RandomHorizontalFlip());
        var step = new ReferenceCnnStep();
        var fixedBatch = Tensor.Rand(Batch, 1, 28, 28);
        Action computeOnly = () =>
        {
            for (int i = 0; i < images / Batch; i++) step.Run(fixedBatch);
        };
        WarmUp(data, augmentation, step, computeOnly);
        var compute = Timing.Measure(computeOnly, warmup: 1, repeats: Repeats);
        double computeRate = images / compute.Median;
        string source = $"data: {full.Source} ({full.Count} images), {images} images per pass";
        report.Report(Name, "reference_cnn_step", Kernels.KernelThreads.Count, "images_per_second", computeRate, note: source);

        foreach (int workers in new[] { 0, 1, 2 })
        {
            using var loader = new DataLoader(data, Batch, shuffle: true, dropLast: true, seed: 0, augmentation: augmentation, workers: workers);
            var alone = Timing.Measure(() =>
            {
                foreach (var b in loader) GC.KeepAlive(b);
            }, warmup: 1, repeats: Repeats);
            report.Report(Name, $"crop2_flip_b{Batch}_workers{workers}", workers, "images_per_second", images / alone.Median,
                          "cnn_step_images_per_second", computeRate, note: source);
            var fed = Timing.Measure(() =>
            {
                foreach (var b in loader) step.Run(b.Inputs);
            }, warmup: 1, repeats: Repeats);
            report.Report(Name, $"crop2_flip_b{Batch}_workers{workers}_with_step", workers, "images_per_second", images / fed.Median,
                          "cnn_step_images_per_second", computeRate, note: source);
        }
    }

    /// <summary>
    /// Runs every configuration a few times and then pauses, so that the JIT's tiered compilation has promoted the
    /// loader's and the kernels' hot methods before anything is timed (otherwise the first configuration measured
    /// runs partly unoptimized code).
    /// </summary>
    private static void WarmUp(IDataset data, IAugmentation augmentation, ReferenceCnnStep step, Action computeOnly)
    {
        for (int round = 0; round < 2; round++)
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

    /// <summary>One training step of the reference CNN (conv32-BN-ReLU-pool, conv64-BN-ReLU-pool, fc128-dropout0.3, fc10; Adam), inside a scope.</summary>
    private sealed class ReferenceCnnStep
    {
        private readonly Sequential _model;
        private readonly Adam _optimizer;
        private readonly Tensor _labels;

        public ReferenceCnnStep()
        {
            var g = new Generator(0);
            _model = new Sequential(
                new Conv2d(1, 32, 3, padding: 1, generator: g), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, padding: 1, generator: g), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(64 * 7 * 7, 128, generator: g), new ReLU(), new Dropout(0.3f, g), new Linear(128, 10, generator: g));
            _optimizer = new Adam(_model.Parameters(), lr: 1e-3);
            _labels = Tensor.FromArray([.. Enumerable.Range(0, Batch).Select(i => (float)(i % 10))], Batch);
        }

        public void Run(Tensor inputs)
        {
            using (TensorScope.Enter())
            {
                _optimizer.ZeroGrad();
                var labels = inputs.Shape[0] == Batch ? _labels : _labels.Narrow(0, 0, inputs.Shape[0]);
                Loss.CrossEntropy(_model.Forward(inputs), labels).Backward();
                _optimizer.Step();
            }
        }
    }
}
