using System.Diagnostics;
using Nabla;
using Nabla.Data.Idx;
using Nabla.Losses;
using Nabla.Nn;
using Nabla.Nn.Recurrent;
using Nabla.Optim;
using Nabla.Training;
using Nabla.Training.Callbacks;
using Nabla.Training.Metrics;

namespace SequenceModel;

/// <summary>
/// Sequential Fashion-MNIST: each 28×28 image is read as a sequence of 28 rows of 28 pixels by an LSTM, whose last
/// step is classified: Flatten(1, 2) → LSTM(28, 128) → LastStep → Linear(128, 10). Uses Debian's full dataset when
/// installed, else the 4,000-image sample shipped in data/fashion-mnist-sample.
/// </summary>
internal static class SequentialFashion
{
    public static int Run(int epochs)
    {
        var train = FashionMnist.Load(train: true);
        var test = FashionMnist.Load(train: false);
        Console.WriteLine($"Fashion-MNIST from {train.Source}: {train.Count} training and {test.Count} test images, read row by row");
        var g = new Generator(5);
        var model = new Sequential(new Flatten(1, 2), new LSTM(28, 128, batchFirst: true, generator: g), new LastStep(), new Linear(128, 10, generator: g));
        var optimizer = new Adam(model.Parameters(), lr: 2e-3) { MaxGradNorm = 5 };
        var trainer = new Trainer(model, optimizer, new CrossEntropyLoss(), [new Accuracy()], seed: 5);
        var gradients = new GradientNormTracker();
        var clock = Stopwatch.StartNew();
        var history = trainer.Fit(train, new FitOptions { Epochs = epochs, BatchSize = 64, Validation = test, Callbacks = [gradients], Verbose = 0 });
        for (int e = 0; e < history.Epochs.Count; e++)
            Console.WriteLine($"epoch {e + 1}: loss {history["loss"][e]:F4}, test accuracy {history["val_accuracy"][e]:F4}, " +
                              $"gradient norm LSTM {history["grad_norm/1"][e]:F3} / head {history["grad_norm/3"][e]:F3}");
        Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}
