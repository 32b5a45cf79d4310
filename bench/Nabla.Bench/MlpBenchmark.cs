using Nabla.Nn;

namespace Nabla.Bench;

/// <summary>
/// The reference MLP of ANCHORS.md, 784-256-128-10 with ReLU, trained on the full Fashion-MNIST through
/// <c>Trainer.Fit</c> (Adam lr 1e-3, batch 128, seed 0; 10 epochs by default, <c>--epochs</c>/<c>--limit</c> for quick
/// runs); see <see cref="FashionMnistTraining"/> for the figures. Issue targets: epoch time ≤ 0.5x PyTorch's,
/// test accuracy ≥ 0.885 after 10 epochs, peak RSS ≤ 0.5x PyTorch's, no managed allocation per step.
/// </summary>
public sealed class MlpBenchmark : IBenchmark
{
    /// <summary>PyTorch 1.13 with OpenBLAS on 2 cores (ANCHORS.md): 0.53-0.57 s per epoch, 0.8885 after 10 epochs, ~490 MB.</summary>
    public static readonly PublishedAnchors Published = new(SecondsPerEpoch: 0.55, TestAccuracy: 0.8885, PeakRssMb: 490);

    /// <inheritdoc/>
    public string Name => "mlp";

    /// <inheritdoc/>
    public void Run(BenchReporter report) =>
        FashionMnistTraining.Run(report, Name, "mlp784-256-128-10_relu_adam_b128", defaultEpochs: 10, flatten: true,
            () => new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10)),
            Published);
}
