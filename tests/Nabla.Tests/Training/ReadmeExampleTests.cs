using Nabla.Data;
using Nabla.Data.Idx;
using Nabla.Losses;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Training;
using Nabla.Training.Callbacks;
using Nabla.Training.Metrics;

namespace Nabla.Tests.Training;

/// <summary>The README's two code samples, verbatim apart from smaller budgets, so that they keep compiling and running.</summary>
[Collection(Nabla.Tests.Tensors.DefaultGeneratorCollection.Name)]
public sealed class ReadmeExampleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-readme-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Keras_style_and_low_level_samples_run()
    {
        Generator.ManualSeed(0);
        var train = Subset.Create(FashionMnist.Load(FashionMnist.SampleDirectory, train: true), Enumerable.Range(0, 384).ToArray());
        var test = Subset.Create(FashionMnist.Load(FashionMnist.SampleDirectory, train: false), Enumerable.Range(0, 128).ToArray());

        var model = new Sequential(
            new Conv2d(1, 32, kernel: 3, padding: 1), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
            new Conv2d(32, 64, kernel: 3, padding: 1), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2),
            new Flatten(), new Linear(64 * 7 * 7, 128), new ReLU(), new Dropout(0.3f), new Linear(128, 10));
        Assert.Contains("Total params: 421,834", model.Summary(1, 1, 28, 28));

        var trainer = new Trainer(model, new Adam(model.Parameters(), lr: 1e-3), new CrossEntropyLoss(), [new Accuracy()]);
        var history = trainer.Fit(train, new FitOptions
        {
            Epochs = 2, BatchSize = 128, Validation = test, StepsPerEpoch = 3, Verbose = 0,
            Callbacks = [new EarlyStopping(patience: 2, restoreBestWeights: true), new ModelCheckpoint(Path.Combine(_dir, "best.safetensors"), saveBestOnly: true)],
        });
        Assert.Equal(2, history["val_accuracy"].Count);
        Assert.InRange(trainer.Evaluate(test)["accuracy"], 0.0, 1.0);

        using var loader = new DataLoader(train, batchSize: 128, shuffle: true, seed: 0);
        var optimizer = new Adam(model.Parameters(), lr: 1e-3);
        int steps = 0;
        foreach (var batch in loader)
            using (TensorScope.Enter())
            {
                optimizer.ZeroGrad();
                var loss = Loss.CrossEntropy(model.Forward(batch.Inputs), batch.Targets);
                loss.Backward();
                optimizer.Step();
                if (++steps == 2)
                    break;
            }
        Assert.Equal(2, steps);
    }
}
