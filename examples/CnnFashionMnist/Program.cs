using Examples.Shared;
using Nabla;
using Nabla.Data;
using Nabla.Losses;
using Nabla.Nn;
using Nabla.Optim;

namespace CnnFashionMnist;

/// <summary>
/// Trains the reference CNN of ANCHORS.md (conv32-BN-ReLU-pool, conv64-BN-ReLU-pool, fc128-ReLU-dropout 0.3, fc10)
/// on Fashion-MNIST with the low-level loop (zero the gradients, forward, loss, backward, step), Adam lr 1e-3,
/// batch 128.
/// <code>dotnet run -c Release --project examples/CnnFashionMnist [-- --full] [--epochs N] ...</code>
/// </summary>
public static class Program
{
    /// <summary>Entry point; returns 0 on success, 1 when the data cannot be loaded, 2 on a bad argument.</summary>
    public static int Main(string[] args)
    {
        if (ExampleOptions.FromCommandLine(args, "CnnFashionMnist", epochs: 5, learningRate: 1e-3, out int exitCode) is not { } o)
            return exitCode;
        if (!FashionMnistData.TryLoad(o, flatten: false, out var train, out var test))
            return 1;

        FashionMnistData.PrintSetup("Nabla example: CNN (conv32-BN-ReLU-pool, conv64-BN-ReLU-pool, fc128-dropout, fc10) on Fashion-MNIST", o, train, test);

        Generator.ManualSeed(o.Seed);                 // the layers' default initialization draws from here
        var model = new Sequential(
            new Conv2d(1, 32, 3, padding: 1), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),    // [N, 32, 14, 14]
            new Conv2d(32, 64, 3, padding: 1), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2),   // [N, 64, 7, 7]
            new Flatten(),
            new Linear(64 * 7 * 7, 128), new ReLU(), new Dropout(0.3f),
            new Linear(128, 10));
        Console.WriteLine(model.Summary(1, 1, 28, 28));
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
