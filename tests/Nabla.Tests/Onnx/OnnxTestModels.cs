using Nabla.Nn;
using Nabla.Nn.Recurrent;

namespace Nabla.Tests.Onnx;

/// <summary>The example models of the export tests and helpers that give them non-default weights.</summary>
internal static class OnnxTestModels
{
    /// <summary>
    /// Fills every parameter with N(0, 0.5²) values and every running variance with U(0.5, 1.5), so that biases,
    /// affine parameters and batch-norm statistics all differ from their defaults; the padding row of an Embedding
    /// stays as it is.
    /// </summary>
    public static T Randomize<T>(T model, ulong seed) where T : Module
    {
        var g = new Generator(seed);
        foreach (var (name, p) in model.NamedParameters())
        {
            var values = Tensor.Normal(p.Shape, 0f, 0.5f, g).ToArray();
            if (name.EndsWith("weight", StringComparison.Ordinal) && p.Rank == 1)
                for (int i = 0; i < values.Length; i++) values[i] += 1f;
            values.CopyTo(p.ContiguousSpan());
        }
        foreach (var (name, b) in model.NamedBuffers())
        {
            if (name.EndsWith("running_var", StringComparison.Ordinal))
                Tensor.Uniform(b.Shape, 0.5f, 1.5f, g).ToArray().CopyTo(b.ContiguousSpan());
            else if (name.EndsWith("running_mean", StringComparison.Ordinal))
                Tensor.Normal(b.Shape, 0f, 0.3f, g).ToArray().CopyTo(b.ContiguousSpan());
        }
        return model;
    }

    /// <summary>Whole numbers in [0, count) as floats, the indices Nabla's Embedding takes.</summary>
    public static Tensor Indices(int[] shape, int count, Generator g)
    {
        var t = Tensor.Uniform(shape, 0f, count, g);
        var s = t.ContiguousSpan();
        for (int i = 0; i < s.Length; i++) s[i] = MathF.Min(MathF.Floor(s[i]), count - 1);
        return t;
    }

    /// <summary>An MLP 20-64-32-10 with ReLU (the Linear+ReLU pairs that Nabla fuses).</summary>
    public static Sequential Mlp() => Randomize(new Sequential(
        new Linear(20, 64), new ReLU(), new Linear(64, 32), new ReLU(), new Linear(32, 10)), 11);

    /// <summary>The reference CNN of ANCHORS.md: conv32-BN-ReLU-pool, conv64-BN-ReLU-pool, fc128-dropout0.3, fc10 on [N, 1, 28, 28].</summary>
    public static Sequential Cnn() => Randomize(new Sequential(
        new Conv2d(1, 32, 3, padding: 1), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
        new Conv2d(32, 64, 3, padding: 1), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2),
        new Flatten(), new Linear(64 * 7 * 7, 128), new ReLU(), new Dropout(0.3f), new Linear(128, 10)), 12);

    /// <summary>A small ResNet: stem, two residual blocks (identity and strided 1×1-conv shortcuts), global pooling, classifier.</summary>
    public static Sequential ResNet() => Randomize(new Sequential(
        new Conv2d(3, 8, 3, padding: 1, bias: false), new BatchNorm2d(8), new ReLU(),
        new Residual(new Sequential(
            new Conv2d(8, 8, 3, padding: 1, bias: false), new BatchNorm2d(8), new ReLU(),
            new Conv2d(8, 8, 3, padding: 1, bias: false), new BatchNorm2d(8))),
        new ReLU(),
        new Residual(
            new Sequential(
                new Conv2d(8, 16, 3, stride: 2, padding: 1, bias: false), new BatchNorm2d(16), new ReLU(),
                new Conv2d(16, 16, 3, padding: 1, bias: false), new BatchNorm2d(16)),
            new Sequential(new Conv2d(8, 16, 1, stride: 2, bias: false), new BatchNorm2d(16))),
        new ReLU(), new AdaptiveAvgPool2d(1), new Flatten(), new Linear(16, 10)), 13);

    /// <summary>An LSTM text classifier on [N, 12] token ids: Embedding(30, 8) → LSTM(8, 16) → last step → dropout → Linear(16, 3).</summary>
    public static Sequential LstmClassifier() => Randomize(new Sequential(
        new Embedding(30, 8, paddingIndex: 0), new LSTM(8, 16, batchFirst: true), new LastStep(), new Dropout(0.2f), new Linear(16, 3)), 22);
}
