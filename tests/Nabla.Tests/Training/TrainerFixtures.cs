using Nabla.Data;
using Nabla.Data.Idx;
using Nabla.Losses;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Training;
using Nabla.Training.Metrics;

namespace Nabla.Tests.Training;

/// <summary>Small models and data shared by the training tests.</summary>
internal static class TrainerFixtures
{
    private static readonly Lazy<(IDataset Train, IDataset Test)> Sample = new(() =>
    {
        string dir = FashionMnist.SampleDirectory ?? throw new InvalidOperationException("the shipped Fashion-MNIST sample was not found");
        return (FashionMnist.Load(dir, train: true, flatten: true), FashionMnist.Load(dir, train: false, flatten: true));
    });

    /// <summary>The shipped Fashion-MNIST sample (3,000 train / 1,000 test images), flattened to 784 features.</summary>
    internal static (IDataset Train, IDataset Test) FashionSample => Sample.Value;

    /// <summary>A 784-64-10 MLP with dropout, initialized from <paramref name="seed"/>.</summary>
    internal static Sequential Mlp(ulong seed, float dropout = 0.2f)
    {
        var g = new Generator(seed);
        return new Sequential(new Linear(784, 64, generator: g), new ReLU(), new Dropout(dropout), new Linear(64, 10, generator: g));
    }

    internal static Trainer AdamTrainer(Module model, ulong seed = 1, double lr = 1e-3) =>
        new(model, new Adam(model.Parameters(), lr: lr), new CrossEntropyLoss(), [new Accuracy()], seed);

    /// <summary>A separable 2-class toy problem: class = x0 + x1 &gt; 0, 4 features.</summary>
    internal static LabeledTensorDataset Toy(int n, ulong seed)
    {
        var x = Tensor.Normal([n, 4], generator: new Generator(seed));
        var data = x.ToArray();
        var labels = new float[n];
        for (int i = 0; i < n; i++)
            labels[i] = data[i * 4] + data[i * 4 + 1] > 0 ? 1 : 0;
        return new LabeledTensorDataset(x, Tensor.FromArray(labels, n), 2);
    }

    internal static Trainer ToyTrainer(ulong seed = 3, double lr = 0.05)
    {
        var model = new Sequential(new Linear(4, 8, generator: new Generator(seed)), new Tanh(), new Linear(8, 2, generator: new Generator(seed + 1)));
        return new Trainer(model, new Sgd(model.Parameters(), lr: lr), new CrossEntropyLoss(), [new Accuracy()], seed);
    }
}
