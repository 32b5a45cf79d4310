using System.Globalization;
using Nabla;
using Nabla.Data;
using Nabla.Data.Idx;
using Nabla.Losses;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Training;
using Nabla.Training.Metrics;
using Nabla.Tuning.Progressive;

namespace ProgressiveResizingExample;

/// <summary>
/// Progressive resizing on Fashion-MNIST: a CNN ending in adaptive average pooling (so it accepts any image size)
/// is trained first on 14×14 downscaled images, then on the full 28×28 images, and compared with the same network
/// trained at 28×28 for the same number of epochs. Accuracy is printed after every phase.
/// <code>
/// dotnet run -c Release --project examples/ProgressiveResizing [-- [--train N] [--small-epochs N] [--full-epochs N] [--seed N]]
/// </code>
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        int trainCount = Option(args, "--train", 10_000);
        int smallEpochs = Option(args, "--small-epochs", 2);
        int fullEpochs = Option(args, "--full-epochs", 1);
        ulong seed = (ulong)Option(args, "--seed", 0);

        var fullTrain = FashionMnist.Load(train: true);
        var fullTest = FashionMnist.Load(train: false);
        var train = Subset.Create(fullTrain, Enumerable.Range(0, Math.Min(trainCount, fullTrain.Count)).ToArray());
        var test = Subset.Create(fullTest, Enumerable.Range(0, Math.Min(2_000, fullTest.Count)).ToArray());
        Console.WriteLine($"data: {fullTrain.Source}; {train.Count:N0} training and {test.Count:N0} test images");
        var options = new FitOptions { BatchSize = 64, Verbose = 0 };

        Console.WriteLine($"progressive: {smallEpochs} epoch(s) at 14×14, then {fullEpochs} at 28×28");
        var progressive = Make(seed);
        var phases = ProgressiveResizing.Run(progressive, train, test,
            [new ResizePhase(14, 14, smallEpochs), new ResizePhase(28, 28, fullEpochs)], options, Print);

        Console.WriteLine($"baseline: {smallEpochs + fullEpochs} epoch(s) at 28×28");
        var baseline = Make(seed);
        var single = ProgressiveResizing.Run(baseline, train, test, [new ResizePhase(28, 28, smallEpochs + fullEpochs)], options, Print);

        Console.WriteLine(Invariant(
            $"28×28 test accuracy: progressive {phases[^1].Validation["full_accuracy"]:P1} in {phases.Sum(p => p.Seconds):F1} s, baseline {single[^1].Validation["full_accuracy"]:P1} in {single[^1].Seconds:F1} s of training"));
        return 0;
    }

    private static void Print(PhaseResult r) => Console.WriteLine(Invariant(
        $"  phase {r.Phase.Height}×{r.Phase.Width}, {r.Phase.Epochs} epoch(s): train loss {r.Train["loss"]:F4}, test accuracy {r.Validation["accuracy"]:P1} at {r.Phase.Height}×{r.Phase.Width}, {r.Validation["full_accuracy"]:P1} at 28×28 ({r.Seconds:F1} s)"));

    /// <summary>conv 1→16, BN, ReLU, max-pool 2 → conv 16→32, BN, ReLU → adaptive average pool to 4×4 → linear 512→10.</summary>
    private static Trainer Make(ulong seed)
    {
        var g = new Generator(seed);
        var model = new Sequential(
            new Conv2d(1, 16, 3, padding: 1, generator: g), new BatchNorm2d(16), new ReLU(), new MaxPool2d(2),
            new Conv2d(16, 32, 3, padding: 1, generator: g), new BatchNorm2d(32), new ReLU(),
            new AdaptiveAvgPool2d(4), new Flatten(), new Linear(32 * 4 * 4, 10, generator: g));
        return new Trainer(model, new Adam(model.Parameters(), lr: 2e-3), new CrossEntropyLoss(), [new Accuracy()], seed);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
