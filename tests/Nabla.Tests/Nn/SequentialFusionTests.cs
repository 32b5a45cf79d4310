using Nabla.Nn;

namespace Nabla.Tests.Nn;

/// <summary>
/// <see cref="Sequential"/>'s fused paths (BatchNorm2d → ReLU → 2x2 MaxPool2d as one op) against the same layers run
/// one by one: outputs, parameter gradients, running statistics and num_batches_tracked must be equal exactly
/// (the fused op performs the same float operations; see BatchNormReluPoolTests), in training and evaluation, over
/// two steps so the second forward uses updated running statistics.
/// </summary>
public sealed class SequentialFusionTests
{
    private static Sequential Cnn(MaxPool2d pool) =>
        new(new Conv2d(2, 4, 3, padding: 1, generator: new Generator(1)), new BatchNorm2d(4), new ReLU(), pool,
            new Flatten(), new Linear(4 * 5 * 5, 3, generator: new Generator(2)));

    private static Tensor ChainOneByOne(Sequential model, Tensor x)
    {
        var y = x;
        foreach (var layer in model.Layers) y = layer.Forward(y);
        return y;
    }

    private static List<float[]> Step(Sequential model, Tensor x, bool fused)
    {
        var y = fused ? model.Forward(x) : ChainOneByOne(model, x);
        y.Square().Sum().Backward();
        var results = new List<float[]> { y.ToArray() };
        foreach (var (_, p) in model.NamedParameters())
        {
            results.Add(p.Grad?.ToArray() ?? []);
            p.Grad = null;
        }
        foreach (var (_, b) in model.NamedBuffers()) results.Add(b.ToArray());
        return results;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BatchNormReluMaxPoolRunsFusedWithTheSameResults(bool training)
    {
        var x = Tensor.Normal([6, 2, 10, 11], 0.5f, 2f, new Generator(3));
        var fused = Cnn(new MaxPool2d(2));
        var chained = Cnn(new MaxPool2d(2));
        fused.Train(training);
        chained.Train(training);
        for (int step = 0; step < 2; step++)
        {
            var want = Step(chained, x, fused: false);
            var got = Step(fused, x, fused: true);
            Assert.Equal(want.Count, got.Count);
            for (int i = 0; i < want.Count; i++) Assert.Equal(want[i], got[i]);
        }
    }

    [Fact]
    public void OtherPoolingWindowsAreNotFused()
    {
        var x = Tensor.Normal([2, 2, 8, 8], generator: new Generator(4));
        var model = Cnn(new MaxPool2d(2, stride: 2, padding: 1));
        var y = model.Forward(x);
        Assert.Equal([2, 3], y.Shape.ToArray());
        Assert.Equal(ChainOneByOne(Cnn(new MaxPool2d(2, stride: 2, padding: 1)), x).ToArray(), y.ToArray());
    }
}
