using Nabla.Nn;

namespace Nabla.Bench;

/// <summary>
/// The reference CNN of ANCHORS.md — conv 1→32 3x3 pad 1, BatchNorm, ReLU, 2x2 max pool; conv 32→64 3x3 pad 1,
/// BatchNorm, ReLU, 2x2 max pool; flatten, Linear 3136→128, ReLU, Dropout 0.3, Linear 128→10 — trained on the full
/// Fashion-MNIST through <c>Trainer.Fit</c> (Adam lr 1e-3, batch 128, seed 0 or <c>--seed</c>; 5 epochs by default,
/// <c>--epochs</c>/<c>--limit</c> for quick runs); see <see cref="FashionMnistTraining"/> for the figures. Issue
/// targets: epoch time ≤ 0.3x PyTorch's, test accuracy ≥ 0.91 after 5 epochs, peak RSS ≤ 0.5x PyTorch's.
/// </summary>
public sealed class CnnBenchmark : IBenchmark
{
    /// <summary>PyTorch 1.13 with OpenBLAS on 2 cores (ANCHORS.md): 33-36 s per epoch, 0.913 after 5 epochs, ~570 MB.</summary>
    public static readonly PublishedAnchors Published = new(SecondsPerEpoch: 34.5, TestAccuracy: 0.913, PeakRssMb: 570);

    /// <inheritdoc/>
    public string Name => "cnn";

    /// <inheritdoc/>
    public void Run(BenchReporter report) =>
        FashionMnistTraining.Run(report, Name, "cnn_c32bn_c64bn_fc128_do0.3_adam_b128", defaultEpochs: 5, flatten: false,
            () => new Sequential(
                new Conv2d(1, 32, 3, padding: 1), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, padding: 1), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(64 * 7 * 7, 128), new ReLU(), new Dropout(0.3f), new Linear(128, 10)),
            Published);
}
