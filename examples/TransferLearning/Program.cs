using System.Diagnostics;
using System.Globalization;
using Nabla;
using Nabla.Data;
using Nabla.Data.Idx;
using Nabla.Losses;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Serialization;
using Nabla.Training;
using Nabla.Training.Metrics;
using Nabla.Tuning.Transfer;

namespace TransferLearning;

/// <summary>
/// Transfer learning on Fashion-MNIST: pre-train a small CNN on five classes (T-shirt, trouser, pullover, dress,
/// coat), save its weights, then learn the other five (sandal, shirt, sneaker, bag, ankle boot) from only a few
/// labels per class with fastai's fine_tune recipe — load the backbone non-strictly, new head, one epoch with the
/// backbone frozen, then everything unfrozen with discriminative learning rates — and compare with the same network
/// trained from scratch on the same labels for the same number of epochs.
/// <code>
/// dotnet run -c Release --project examples/TransferLearning [-- [--per-class N] [--pretrain N] [--epochs N] [--lr-per-mille N] [--seed N]]
/// </code>
/// </summary>
public static class Program
{
    private static readonly int[] SourceClasses = [0, 1, 2, 3, 4];
    private static readonly int[] TargetClasses = [5, 6, 7, 8, 9];

    public static int Main(string[] args)
    {
        int perClass = Option(args, "--per-class", 50);
        int pretrainPerClass = Option(args, "--pretrain", 1200);
        int epochs = Option(args, "--epochs", 6);
        ulong seed = (ulong)Option(args, "--seed", 0);
        double baseLr = Option(args, "--lr-per-mille", 4) / 1000.0;
        var clock = Stopwatch.StartNew();

        var train = FashionMnist.Load(train: true);
        var test = FashionMnist.Load(train: false);
        var source = new ClassSubset(train, SourceClasses, pretrainPerClass);
        var sourceTest = new ClassSubset(test, SourceClasses, 300);
        var target = new ClassSubset(train, TargetClasses, perClass);
        var targetTest = new ClassSubset(test, TargetClasses, 300);
        Console.WriteLine($"data: {train.Source} ({train.Count:N0} train / {test.Count:N0} test images)");
        Console.WriteLine($"pre-training: {source.Count} images of classes 0-4; fine-tuning: {target.Count} images " +
                          $"({perClass} per class) of classes 5-9; test: {targetTest.Count} images of classes 5-9");

        // 1. Pre-train on the source classes and save the weights.
        Generator.ManualSeed(seed);
        var pretrained = Network(seed);
        var pre = new Trainer(pretrained, new Adam(pretrained.Parameters(), lr: 2e-3), new CrossEntropyLoss(), [new Accuracy()], seed);
        pre.Fit(source, new FitOptions { Epochs = 2, BatchSize = 64, Verbose = 0 });
        Console.WriteLine(Invariant($"pre-trained: accuracy {pre.Evaluate(sourceTest)["accuracy"]:P1} on classes 0-4 ({clock.Elapsed.TotalSeconds:F0} s)"));
        string weights = Path.Combine(Path.GetTempPath(), $"nabla-transfer-{Environment.ProcessId}.safetensors");
        Checkpoint.SaveWeights(weights, pretrained);

        // 2. Fine-tune: same architecture with a fresh head; load everything but the old head (keys "2.*").
        var model = Network(seed + 1);
        var report = PretrainedWeights.Load(model, weights, key => key.StartsWith("2.", StringComparison.Ordinal) ? null : key);
        File.Delete(weights);
        Console.WriteLine($"loaded pre-trained weights: {report}");
        Module[] groups = [model[0], model[1], model[2]];
        var tuner = new Trainer(model, new Adam(DiscriminativeLr.Groups(groups, baseLr)), new CrossEntropyLoss(), [new Accuracy()], seed);
        var result = FineTune.Run(tuner, groups, target, new FineTuneOptions
        {
            FreezeEpochs = 1, Epochs = epochs - 1, BaseLr = baseLr, Fit = new FitOptions { BatchSize = 32, Verbose = 0 },
        });
        Console.WriteLine("fine-tune: 1 epoch with the backbone frozen, then " + (epochs - 1) + " epochs unfrozen at rates " +
                          string.Join(", ", result.UnfrozenRates.Select(r => r.ToString("0.#####", CultureInfo.InvariantCulture))));
        double transfer = tuner.Evaluate(targetTest)["accuracy"];

        // 3. The same network from scratch on the same labels and epochs.
        var scratchModel = Network(seed + 1);
        var scratch = new Trainer(scratchModel, new Adam(scratchModel.Parameters(), lr: baseLr), new CrossEntropyLoss(), [new Accuracy()], seed);
        scratch.Fit(target, new FitOptions { Epochs = epochs, BatchSize = 32, Verbose = 0 });
        double fromScratch = scratch.Evaluate(targetTest)["accuracy"];

        Console.WriteLine(Invariant($"test accuracy on classes 5-9 with {perClass} labels per class, {epochs} epochs:"));
        Console.WriteLine(Invariant($"  from scratch     {fromScratch:P1}"));
        Console.WriteLine(Invariant($"  fine-tuned       {transfer:P1}"));
        Console.WriteLine(Invariant($"  gain             {(transfer - fromScratch) * 100:+0.0;-0.0} points   ({clock.Elapsed.TotalSeconds:F0} s in all)"));
        return 0;
    }

    /// <summary>
    /// Three layer groups: conv block 1 (1→16 channels, 28→14), conv block 2 (16→32, 14→7), head (flatten, linear 1568→5).
    /// </summary>
    private static Sequential Network(ulong seed)
    {
        var g = new Generator(seed);
        return new Sequential(
            new Sequential(new Conv2d(1, 16, 3, padding: 1, generator: g), new BatchNorm2d(16), new ReLU(), new MaxPool2d(2)),
            new Sequential(new Conv2d(16, 32, 3, padding: 1, generator: g), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2)),
            new Sequential(new Flatten(), new Linear(32 * 7 * 7, 5, generator: g)));
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
