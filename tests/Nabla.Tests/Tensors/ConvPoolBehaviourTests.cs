namespace Nabla.Tests.Tensors;

/// <summary>
/// Behaviour of the convolution and pooling ops beyond the PyTorch fixtures: argument errors (naming the op, the
/// shapes and what to fix), NaN and tie handling in max pooling, and hand-computed values.
/// </summary>
public sealed class ConvPoolBehaviourTests
{
    private static ArgumentException Throws(Action action) => Assert.ThrowsAny<ArgumentException>(action);

    [Fact]
    public void Conv2dRejectsChannelsNotDivisibleByGroups()
    {
        var e = Throws(() => Tensor.Conv2d(Tensor.Zeros(1, 3, 5, 5), Tensor.Zeros(4, 1, 3, 3), groups: 2));
        Assert.Contains("conv2d", e.Message);
        Assert.Contains("not divisible by groups = 2", e.Message);
        Assert.Contains("[1, 3, 5, 5]", e.Message);
        Assert.Contains("[4, 1, 3, 3]", e.Message);
    }

    [Fact]
    public void Conv2dRejectsChannelMismatch()
    {
        var e = Throws(() => Tensor.Conv2d(Tensor.Zeros(2, 3, 5, 5), Tensor.Zeros(4, 2, 3, 3)));
        Assert.Contains("the input has 3 channels but the weight expects 2", e.Message);
    }

    [Fact]
    public void Conv2dRejectsKernelLargerThanPaddedInput()
    {
        var e = Throws(() => Tensor.Conv2d(Tensor.Zeros(1, 1, 4, 4), Tensor.Zeros(1, 1, 3, 3), dilation: (2, 2)));
        Assert.Contains("dilated kernel (5 x 5) is larger than the padded input (4 x 4)", e.Message);
        Assert.Contains("more padding", e.Message);
    }

    [Fact]
    public void Conv2dRejectsBadRanksAndHyperParameters()
    {
        Assert.Contains("[N, C, H, W]", Throws(() => Tensor.Conv2d(Tensor.Zeros(5, 5), Tensor.Zeros(1, 1, 3, 3))).Message);
        Assert.Contains("weight must be 4-D", Throws(() => Tensor.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(1, 9))).Message);
        Assert.Contains("stride must be positive", Throws(() => Tensor.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(1, 1, 3, 3), stride: (0, 1))).Message);
        Assert.Contains("padding must be non-negative", Throws(() => Tensor.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(1, 1, 3, 3), padding: (-1, 0))).Message);
        Assert.Contains("groups must be positive", Throws(() => Tensor.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(1, 1, 3, 3), groups: 0)).Message);
        Assert.Contains("bias must be [2]", Throws(() => Tensor.Conv2d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(2, 1, 3, 3), Tensor.Zeros(3))).Message);
        Assert.Contains("conv1d", Throws(() => Tensor.Conv1d(Tensor.Zeros(1, 1, 5, 5), Tensor.Zeros(1, 1, 3))).Message);
        var e = Throws(() => Tensor.Conv1d(Tensor.Zeros(2, 3, 8), Tensor.Zeros(4, 2, 3)));
        Assert.Contains("conv1d: input of shape [2, 3, 8] and weight of shape [4, 2, 3]", e.Message);
        Assert.Contains("the input has 3 channels but the weight expects 2", e.Message);
    }

    [Fact]
    public void ConvTranspose2dRejectsLargeOutputPaddingAndChannelMismatch()
    {
        var e = Throws(() => Tensor.ConvTranspose2d(Tensor.Zeros(1, 2, 3, 3), Tensor.Zeros(2, 1, 3, 3), stride: (2, 2), outputPadding: (2, 0)));
        Assert.Contains("conv_transpose2d", e.Message);
        Assert.Contains("outputPadding (2, 0) must be smaller than either the stride", e.Message);
        var m = Throws(() => Tensor.ConvTranspose2d(Tensor.Zeros(1, 3, 3, 3), Tensor.Zeros(2, 1, 3, 3)));
        Assert.Contains("the input has 3 channels but the weight expects 2", m.Message);
    }

    [Fact]
    public void PoolingRejectsBadWindows()
    {
        Assert.Contains("padding (2, 2) must be at most half the kernel (3, 3)",
            Throws(() => Tensor.MaxPool2d(Tensor.Zeros(1, 1, 8, 8), (3, 3), padding: (2, 2))).Message);
        var small = Throws(() => Tensor.AvgPool2d(Tensor.Zeros(1, 1, 2, 2), (3, 3)));
        Assert.Contains("avg_pool2d", small.Message);
        Assert.Contains("too small", small.Message);
        Assert.Contains("divisorOverride must be positive", Throws(() => Tensor.AvgPool2d(Tensor.Zeros(1, 1, 4, 4), (2, 2), divisorOverride: 0)).Message);
        Assert.Contains("outputSize must be positive", Throws(() => Tensor.AdaptiveAvgPool2d(Tensor.Zeros(1, 1, 4, 4), (0, 2))).Message);
        Assert.Contains("max_pool1d", Throws(() => Tensor.MaxPool1d(Tensor.Zeros(4), 2)).Message);
        Assert.Contains("kernel must be positive", Throws(() => Tensor.MaxPool2d(Tensor.Zeros(1, 4, 4), (0, 2))).Message);
    }

    [Fact]
    public void MaxPoolTreatsNaNAsMaximumAndTakesFirstOfTies()
    {
        var x = Tensor.FromArray([1f, 3f, 3f, float.NaN, 2f, 2f, 0f, 0f, 5f, 5f, 5f, 5f, 1f, 4f, 4f, 1f], 1, 1, 4, 4);
        var (values, indices) = Tensor.MaxPool2dWithIndices(x, (2, 2));
        var v = values.ToArray();
        Assert.Equal(3f, v[0]);
        Assert.True(float.IsNaN(v[1]));
        Assert.Equal(5f, v[2]);
        Assert.Equal(5f, v[3]);
        Assert.Equal([1f, 3f, 8f, 10f], indices.ToArray());
        var (_, general) = Tensor.MaxPool2dWithIndices(x, (2, 2), padding: (1, 1));
        Assert.Equal([0f, 1f, 3f, 8f, 9f, 11f, 12f, 13f, 15f], general.ToArray());
    }

    [Fact]
    public void WideMaxPoolTreatsNaNAsMaximumAndTakesTheLastNaN()
    {
        // 2 x 20 rows: 10 windows per row, which take the vectorised path (blocks of 4, the last overlapping).
        var data = new float[40];
        data[2] = float.NaN;
        data[23] = float.NaN;
        data[18] = 7f;
        data[38] = 7f;
        data[39] = 7f;
        var (values, indices) = Tensor.MaxPool2dWithIndices(Tensor.FromArray(data, 1, 1, 2, 20), (2, 2));
        var v = values.ToArray();
        Assert.True(float.IsNaN(v[1]));
        Assert.Equal(7f, v[9]);
        Assert.Equal(0f, v[0]);
        float[] expected = [0f, 23f, 4f, 6f, 8f, 10f, 12f, 14f, 16f, 18f];
        Assert.Equal(expected, indices.ToArray());
    }

    [Fact]
    public void MaxPoolBackwardRoutesToArgmaxAndAccumulatesOverlaps()
    {
        var x = Tensor.FromArray([0f, 1f, 2f, 3f, 9f, 4f, 5f, 6f, 7f], 1, 1, 3, 3);
        x.RequiresGrad = true;
        Tensor.MaxPool2d(x, (2, 2), stride: (1, 1)).Sum().Backward();
        Assert.Equal([0f, 0f, 0f, 0f, 4f, 0f, 0f, 0f, 0f], x.Grad!.ToArray());
    }

    [Fact]
    public void Conv2dBiasGradientWithFrozenWeightIsTheSumOfTheOutputGradient()
    {
        var x = Tensor.Normal([3, 2, 5, 5], generator: new Generator(7));
        var w = Tensor.Normal([4, 2, 3, 3], generator: new Generator(8));
        var b = Tensor.Zeros(4);
        b.RequiresGrad = true;
        var g = Tensor.Normal([3, 4, 3, 3], generator: new Generator(9));
        Tensor.Conv2d(x, w, b).Backward(g);
        Assert.Null(w.Grad);
        var want = g.Sum([0, 2, 3]).ToArray();
        var got = b.Grad!.ToArray();
        for (int o = 0; o < 4; o++) Assert.True(Math.Abs(want[o] - got[o]) <= 1e-5 * Math.Max(1, Math.Abs(want[o])), $"db[{o}] = {got[o]}, expected {want[o]}");
    }

    [Fact]
    public void Conv2dMatchesHandComputedValues()
    {
        var x = Tensor.Arange(16).Reshape(1, 1, 4, 4);
        var w = Tensor.FromArray([1f, 0f, 0f, -1f], 1, 1, 2, 2);
        var y = Tensor.Conv2d(x, w, Tensor.FromArray([0.5f], 1), stride: (2, 2));
        Assert.Equal([-4.5f, -4.5f, -4.5f, -4.5f], y.ToArray());
        var t = Tensor.ConvTranspose2d(Tensor.Ones(1, 1, 1, 1), w);
        Assert.Equal([1f, 0f, 0f, -1f], t.ToArray());
    }
}
