using System.Diagnostics;
using Nabla;
using Nabla.Data;
using Nabla.Data.Idx;
using Nabla.Kernels;
using Nabla.Losses;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Training.Metrics;

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

    public static int Main(string[] args)
    {
        Options o;
        try
        {
            o = Options.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}\n{Options.Usage}");
            return 2;
        }
        if (o.Help)
        {
            Console.WriteLine(Options.Usage);
            return 0;
        }
        if (o.Threads is int threads) KernelThreads.Count = threads;

        IdxDataset train, test;
        try
        {
            string? directory = o.DataDirectory ?? (o.Full ? null : FashionMnist.SampleDirectory
                ?? throw new DataException($"the shipped sample {FashionMnist.SampleRelativePath} was not found above the current directory; pass --full or --data DIR"));
            train = FashionMnist.Load(directory, train: true, flatten: true);
            test = FashionMnist.Load(directory, train: false, flatten: true);
        }
        catch (DataException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }

        string source = o.DataDirectory is not null ? "given directory" : o.Full ? train.Source.ToString() : "shipped sample";
        Console.WriteLine("Nabla example: five optimizers on the same MLP 784-256-128-10 (ReLU), Fashion-MNIST");
        Console.WriteLine($"data: {train.Count:N0} train / {test.Count:N0} test images from {Path.GetDirectoryName(train.ImagesPath)} ({source})");
        Console.WriteLine($"setup: {o.Epochs} epochs, batch {o.BatchSize}, seed {o.Seed}, {KernelThreads.Count} kernel threads");

        var losses = new double[Optimizers.Length, o.Epochs];
        var accuracies = new double[Optimizers.Length];
        var seconds = new double[Optimizers.Length];
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
            accuracies[k] = Evaluate(model, test);
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

    /// <summary>Test accuracy in evaluation mode, without recording a graph.</summary>
    private static double Evaluate(Module model, IDataset test)
    {
        var accuracy = new Accuracy();
        model.Eval();
        using var loader = new DataLoader(test, 1000);
        using (Autograd.NoGrad())
            foreach (var batch in loader)
                using (TensorScope.Enter())
                    accuracy.Update(model.Forward(batch.Inputs), batch.Targets);
        return accuracy.Result();
    }
}
