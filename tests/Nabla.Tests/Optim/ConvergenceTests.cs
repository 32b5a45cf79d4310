using Nabla.Optim;

namespace Nabla.Tests.Optim;

/// <summary>
/// End-to-end: the same MLP (2-16-2, ReLU, cross-entropy from LogSoftmax + Gather) from the same seed, trained
/// full-batch on two noisy Gaussian blobs by each optimizer through the real forward/backward path. Each must cut
/// the loss at least in half within 150 steps and reach ≥ 90% training accuracy.
/// </summary>
public sealed class ConvergenceTests
{
    public static TheoryData<string> Optimizers() =>
        ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "adamax", "nadam", "radam", "adadelta", "lion"];

    private static Optimizer Make(string name, Tensor[] ps) => name switch
    {
        "sgd" => new Sgd(ps, lr: 0.2),
        "momentum" => new Sgd(ps, lr: 0.05, momentum: 0.9),
        "nesterov" => new Sgd(ps, lr: 0.05, momentum: 0.9, nesterov: true),
        "adagrad" => new Adagrad(ps, lr: 0.1),
        "rmsprop" => new RmsProp(ps, lr: 0.01),
        "adam" => new Adam(ps, lr: 0.02),
        "adamw" => new AdamW(ps, lr: 0.02),
        "adamax" => new Adamax(ps, lr: 0.04),
        "nadam" => new NAdam(ps, lr: 0.02),
        "radam" => new RAdam(ps, lr: 0.03),
        "adadelta" => new Adadelta(ps, lr: 1.0),
        "lion" => new Lion(ps, lr: 0.003),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void TrainsTinyClassifier(string name)
    {
        var g = new Generator(42);
        const int n = 64;
        var xs = new float[n * 2];
        var ys = new float[n];
        for (int i = 0; i < n; i++)
        {
            int label = i % 2;
            ys[i] = label;
            xs[2 * i] = (label == 0 ? -1f : 1f) + 0.6f * (float)g.NextNormal();
            xs[2 * i + 1] = (label == 0 ? 0.5f : -0.5f) + 0.6f * (float)g.NextNormal();
        }
        var x = Tensor.FromArray(xs, n, 2);
        var y = Tensor.FromArray(ys, n, 1);
        Tensor P(Tensor t)
        {
            t.RequiresGrad = true;
            return t;
        }
        var w1 = P(Tensor.Uniform([16, 2], -0.7f, 0.7f, g));
        var b1 = P(Tensor.Uniform([16], -0.7f, 0.7f, g));
        var w2 = P(Tensor.Uniform([2, 16], -0.25f, 0.25f, g));
        var b2 = P(Tensor.Uniform([2], -0.25f, 0.25f, g));
        var opt = Make(name, [w1, b1, w2, b2]);

        float first = 0, last = 0;
        Tensor logits = x;
        for (int step = 0; step < 150; step++)
        {
            opt.ZeroGrad();
            logits = Tensor.Linear(Tensor.Linear(x, w1, b1).Relu(), w2, b2);
            var loss = -logits.LogSoftmax(1).Gather(1, y).Mean();
            if (step == 0) first = loss.Item();
            last = loss.Item();
            loss.Backward();
            opt.Step();
        }
        Assert.True(last < 0.5f * first, $"{name}: loss {first} -> {last}");
        var predicted = logits.Detach().Argmax(1);
        int correct = 0;
        for (int i = 0; i < n; i++) if (predicted[i] == ys[i]) correct++;
        Assert.True(correct >= 0.9 * n, $"{name}: {correct}/{n} correct");
    }
}
