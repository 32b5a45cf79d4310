using Examples.Shared;
using Nabla;
using Nabla.Data;
using Nabla.Losses;
using Nabla.Nn;
using Nabla.Optim;

namespace MlpLowLevel;

/// <summary>
/// Trains the 784-256-128-10 ReLU MLP of ANCHORS.md on Fashion-MNIST with Nabla's modules and the low-level loop
/// (zero the gradients, forward, loss, backward, step), Adam lr 1e-3, batch 128.
/// <code>dotnet run -c Release --project examples/MlpLowLevel [-- --full] [--epochs N] ...</code>
/// </summary>
public static class Program
{
    /// <summary>Entry point; returns 0 on success, 1 when the data cannot be loaded, 2 on a bad argument.</summary>
    public static int Main(string[] args)
    {
        if (ExampleOptions.FromCommandLine(args, "MlpLowLevel", epochs: 10, learningRate: 1e-3, out int exitCode) is not { } o)
            return exitCode;
        if (!FashionMnistData.TryLoad(o, flatten: true, out var train, out var test))
            return 1;

        FashionMnistData.PrintSetup("Nabla example: MLP 784-256-128-10 (ReLU) on Fashion-MNIST, low-level loop", o, train, test);

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

        var log = new EpochLog(train.Count);          // prints one row per epoch: loss, accuracies, seconds
        for (int epoch = 1; epoch <= o.Epochs; epoch++)
        {
            log.StartEpoch();
            model.Train();
            foreach (var batch in trainLoader)
            {
                using (TensorScope.Enter())           // every tensor made in the step goes back to the pool at its end
                {
                    optimizer.ZeroGrad();
                    var logits = model.Forward(batch.Inputs);
                    var loss = criterion.Forward(logits, batch.Targets);
                    loss.Backward();
                    optimizer.Step();
                    log.Update(batch, logits, loss);
                }
            }
            log.EndEpoch(epoch, FashionMnistData.Evaluate(model, testLoader));
        }
        log.Finish(o.Epochs);
        return 0;
    }
}
