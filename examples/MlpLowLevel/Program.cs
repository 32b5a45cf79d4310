using System.Diagnostics;
using Nabla;
using Nabla.Data;
using Nabla.Data.Idx;
using Nabla.Kernels;
using Nabla.Losses;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Training.Metrics;

namespace MlpLowLevel;

/// <summary>
/// Trains the 784-256-128-10 ReLU MLP of ANCHORS.md on Fashion-MNIST with Nabla's modules and the low-level loop
/// (zero the gradients, forward, loss, backward, step), Adam lr 1e-3, batch 128.
/// <code>dotnet run -c Release --project examples/MlpLowLevel [-- --full] [--epochs N] ...</code>
/// </summary>
public static class Program
{
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

        Console.WriteLine("Nabla example: MLP 784-256-128-10 (ReLU) on Fashion-MNIST, low-level loop");
        string source = o.DataDirectory is not null ? "given directory" : o.Full ? train.Source.ToString() : "shipped sample";
        Console.WriteLine($"data: {train.Count:N0} train / {test.Count:N0} test images from {Path.GetDirectoryName(train.ImagesPath)} ({source})");
        Console.WriteLine($"setup: {o.Epochs} epochs, batch {o.BatchSize}, Adam lr {o.LearningRate}, seed {o.Seed}, {KernelThreads.Count} kernel threads");

        Generator.ManualSeed(o.Seed);                 // the layers' default initialization draws from here
        var model = new Sequential(
            new Linear(784, 256), new ReLU(),
            new Linear(256, 128), new ReLU(),
            new Linear(128, 10));
        Console.WriteLine($"model: {model.ParameterCount():N0} parameters");
        var criterion = new CrossEntropyLoss();
        var optimizer = new Adam(model.Parameters(), lr: o.LearningRate);
        using var trainLoader = new DataLoader(train, o.BatchSize, shuffle: true, seed: o.Seed + 1);
        using var testLoader = new DataLoader(test, 1000);
        var accuracy = new Accuracy();

        Console.WriteLine("epoch  train-loss  train-acc  test-acc  seconds");
        var total = Stopwatch.StartNew();
        double testAccuracy = 0;
        for (int epoch = 1; epoch <= o.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            model.Train();
            accuracy.Reset();
            double lossSum = 0;
            foreach (var batch in trainLoader)
            {
                using (TensorScope.Enter())           // every tensor made in the step goes back to the pool at its end
                {
                    optimizer.ZeroGrad();
                    var logits = model.Forward(batch.Inputs);
                    var loss = criterion.Forward(logits, batch.Targets);
                    loss.Backward();
                    optimizer.Step();
                    lossSum += loss.Item() * batch.Count;
                    accuracy.Update(logits, batch.Targets);
                }
            }
            double trainAccuracy = accuracy.Result();
            testAccuracy = Evaluate(model, testLoader, accuracy);
            Console.WriteLine($"{epoch,5}  {lossSum / train.Count,10:F4}  {trainAccuracy,9:F4}  {testAccuracy,8:F4}  {clock.Elapsed.TotalSeconds,7:F2}");
        }
        Console.WriteLine($"test accuracy {testAccuracy:F4} after {o.Epochs} epochs ({total.Elapsed.TotalSeconds:F1} s)");
        return 0;
    }

    /// <summary>Accuracy on <paramref name="loader"/> in evaluation mode, without recording a graph.</summary>
    private static double Evaluate(Module model, DataLoader loader, Accuracy accuracy)
    {
        model.Eval();
        accuracy.Reset();
        using (Autograd.NoGrad())
            foreach (var batch in loader)
                using (TensorScope.Enter())
                    accuracy.Update(model.Forward(batch.Inputs), batch.Targets);
        return accuracy.Result();
    }
}
