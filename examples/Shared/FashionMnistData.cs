using System.Diagnostics.CodeAnalysis;
using Nabla;
using Nabla.Data;
using Nabla.Data.Idx;
using Nabla.Kernels;
using Nabla.Nn;
using Nabla.Training.Metrics;

namespace Examples.Shared;

/// <summary>Loading Fashion-MNIST as the options ask, and measuring a model's accuracy on it.</summary>
internal static class FashionMnistData
{
    /// <summary>
    /// Loads the training and test sets chosen by <paramref name="o"/>: the folder given with <c>--data</c>, the full
    /// dataset with <c>--full</c>, else the shipped sample. On failure prints the error and returns false.
    /// </summary>
    /// <param name="o">The parsed options.</param>
    /// <param name="flatten">True for [784] images (an MLP), false for [1, 28, 28] (a CNN).</param>
    /// <param name="train">The 60,000-image (or sample) training set.</param>
    /// <param name="test">The 10,000-image (or sample) test set.</param>
    public static bool TryLoad(ExampleOptions o, bool flatten,
        [NotNullWhen(true)] out IdxDataset? train, [NotNullWhen(true)] out IdxDataset? test)
    {
        try
        {
            string? directory = o.DataDirectory ?? (o.Full ? null : FashionMnist.SampleDirectory
                ?? throw new DataException($"the shipped sample {FashionMnist.SampleRelativePath} was not found above the current directory; pass --full or --data DIR"));
            train = FashionMnist.Load(directory, train: true, flatten: flatten);
            test = FashionMnist.Load(directory, train: false, flatten: flatten);
            return true;
        }
        catch (DataException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            train = test = null;
            return false;
        }
    }

    /// <summary>
    /// Prints <paramref name="title"/>, the line saying how many images were loaded and from where, and the setup
    /// line (epochs, batch size, the Adam learning rate where the example takes one, seed, kernel threads).
    /// </summary>
    public static void PrintSetup(string title, ExampleOptions o, IdxDataset train, IdxDataset test)
    {
        string source = o.DataDirectory is not null ? "given directory" : o.Full ? train.Source.ToString() : "shipped sample";
        string learningRate = double.IsNaN(o.LearningRate) ? "" : $", Adam lr {o.LearningRate}";
        Console.WriteLine(title);
        Console.WriteLine($"data: {train.Count:N0} train / {test.Count:N0} test images from {Path.GetDirectoryName(train.ImagesPath)} ({source})");
        Console.WriteLine($"setup: {o.Epochs} epochs, batch {o.BatchSize}{learningRate}, seed {o.Seed}, {KernelThreads.Count} kernel threads");
    }

    /// <summary>Accuracy on <paramref name="loader"/> in evaluation mode, without recording a graph.</summary>
    public static double Evaluate(Module model, DataLoader loader)
    {
        var accuracy = new Accuracy();
        model.Eval();
        using (Autograd.NoGrad())
            foreach (var batch in loader)
                using (TensorScope.Enter())
                    accuracy.Update(model.Forward(batch.Inputs), batch.Targets);
        return accuracy.Result();
    }
}
