using System.Diagnostics;
using Examples.Shared;
using Nabla;
using Nabla.Data;
using Nabla.Losses;
using Nabla.Nn;
using Nabla.Optim;

namespace OptimizerComparison;

/// <summary>
/// Trains the same 784-256-128-10 ReLU MLP from the same initial weights and the same batch order with five
/// optimizers of Nabla.Optim (SGD, SGD with momentum, AdaGrad, RMSProp, Adam) and prints each one's mean training
/// loss per epoch side by side, then the test accuracy each reached.
/// <code>dotnet run -c Release --project examples/OptimizerComparison [-- --full] [--epochs N] ...</code>
/// </summary>
public static class Program
{
    /// <summary>The contenders: a column name and a factory over the model's parameters, with common learning rates.</summary>
    private static readonly (string Name, Func<IEnumerable<Tensor>, Optimizer> Create)[] Optimizers =
    [
        ("SGD 0.1", p => new Sgd(p, lr: 0.1)),
        ("Momentum 0.01", p => new Sgd(p, lr: 0.01, momentum: 0.9)),
        ("AdaGrad 0.01", p => new Adagrad(p, lr: 0.01)),
        ("RMSProp 0.001", p => new RmsProp(p, lr: 1e-3)),
        ("Adam 0.001", p => new Adam(p, lr: 1e-3)),
    ];

    /// <summary>Entry point; returns 0 on success, 1 when the data cannot be loaded, 2 on a bad argument.</summary>
    public static int Main(string[] args)
    {
        if (ExampleOptions.FromCommandLine(args, "OptimizerComparison", epochs: 10, learningRate: null, out int exitCode) is not { } o)
            return exitCode;
        if (!FashionMnistData.TryLoad(o, flatten: true, out var train, out var test))
            return 1;

        FashionMnistData.PrintSetup("Nabla example: five optimizers on the same MLP 784-256-128-10 (ReLU), Fashion-MNIST", o, train, test);

        var losses = new double[Optimizers.Length, o.Epochs];
        var accuracies = new double[Optimizers.Length];
        var seconds = new double[Optimizers.Length];
        using var testLoader = new DataLoader(test, 1000);
        for (int k = 0; k < Optimizers.Length; k++)
        {
            var clock = Stopwatch.StartNew();
            Console.Write($"training with {Optimizers[k].Name}...");
            Generator.ManualSeed(o.Seed);             // the same initial weights for every optimizer
            var model = new Sequential(
                new Linear(784, 256), new ReLU(),
                new Linear(256, 128), new ReLU(),
                new Linear(128, 10));
            var optimizer = Optimizers[k].Create(model.Parameters());
            // The same seed gives every optimizer the same batches in the same order.
            using var loader = new DataLoader(train, o.BatchSize, shuffle: true, seed: o.Seed + 1);
            for (int epoch = 0; epoch < o.Epochs; epoch++)
                losses[k, epoch] = TrainEpoch(model, optimizer, loader) / train.Count;
            accuracies[k] = FashionMnistData.Evaluate(model, testLoader);
            seconds[k] = clock.Elapsed.TotalSeconds;
            Console.WriteLine($" {seconds[k]:F1} s");
        }

        Console.WriteLine();
        Console.WriteLine("mean training loss per epoch");
        Console.Write($"{"epoch",-8}");
        foreach (var (name, _) in Optimizers) Console.Write($"  {name,13}");
        Console.WriteLine();
        for (int epoch = 0; epoch < o.Epochs; epoch++)
        {
            Console.Write($"{epoch + 1,-8}");
            for (int k = 0; k < Optimizers.Length; k++) Console.Write($"  {losses[k, epoch],13:F4}");
            Console.WriteLine();
        }
        Console.Write($"{"test acc",-8}");
        for (int k = 0; k < Optimizers.Length; k++) Console.Write($"  {accuracies[k],13:F4}");
        Console.WriteLine();
        return 0;
    }

    /// <summary>One epoch of the low-level loop; returns the sum of the per-sample losses.</summary>
    private static double TrainEpoch(Module model, Optimizer optimizer, DataLoader loader)
    {
        var criterion = new CrossEntropyLoss();
        model.Train();
        double lossSum = 0;
        foreach (var batch in loader)
        {
            using (TensorScope.Enter())
            {
                optimizer.ZeroGrad();
                var loss = criterion.Forward(model.Forward(batch.Inputs), batch.Targets);
                loss.Backward();
                optimizer.Step();
                lossSum += loss.Item() * batch.Count;
            }
        }
        return lossSum;
    }
}
