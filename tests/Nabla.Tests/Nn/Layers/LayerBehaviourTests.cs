using Nabla.Nn;

namespace Nabla.Tests.Nn.Layers;

/// <summary>
/// Bad input names the layer (with its position inside the model), what it expected and what it got; Train()/Eval()
/// switch Dropout and BatchNorm as in PyTorch. Dropout in training is checked statistically, since its masks come
/// from Nabla's generator, not PyTorch's.
/// </summary>
public sealed class LayerBehaviourTests
{
    public static TheoryData<string> BadInputs() =>
        ["Linear", "Conv1d", "Conv2d", "ConvTranspose2d", "BatchNorm1d", "BatchNorm2d", "LayerNorm", "GroupNorm", "PReLU", "MaxPool2d", "Dropout2d"];

    /// <summary>(layer, a bad input shape, the fragments the message must contain besides the name and the shape).</summary>
    private static (Module Layer, int[] Shape, string[] Expected) BadCase(string name) => name switch
    {
        "Linear" => (new Linear(8, 4), [2, 5], ["[..., 8]"]),
        "Conv1d" => (new Conv1d(3, 4, 3), [2, 5, 9], ["= 3"]),
        "Conv2d" => (new Conv2d(3, 4, 3), [2, 1, 8, 8], ["= 3"]),
        "ConvTranspose2d" => (new ConvTranspose2d(3, 4, 3), [2, 8, 8], ["3"]),
        "BatchNorm1d" => (new BatchNorm1d(6), [4, 5], ["6"]),
        "BatchNorm2d" => (new BatchNorm2d(6), [4, 6, 5], ["[N, C, H, W]"]),
        "LayerNorm" => (new LayerNorm(7), [2, 6], ["7"]),
        "GroupNorm" => (new GroupNorm(2, 6), [2, 4, 3, 3], ["6"]),
        "PReLU" => (new PReLU(3), [2, 4, 5], ["3"]),
        "MaxPool2d" => (new MaxPool2d(2), [8], ["H, W]"]),
        "Dropout2d" => (new Dropout2d(0.5f), [8, 3], ["[N, C, H, W]"]),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_error_names_the_layer_in_its_model_with_both_shapes(string name)
    {
        var (layer, shape, expected) = BadCase(name);
        var model = new Sequential(new Identity(), layer);
        var ex = Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Zeros(shape)));
        Assert.Contains($"{name} '1'", ex.Message);
        Assert.Contains(ShapeMath.Format(shape), ex.Message);
        foreach (var fragment in expected)
            Assert.Contains(fragment, ex.Message);
    }

    [Fact]
    public void Nested_layer_errors_carry_the_qualified_name()
    {
        var model = new Sequential(
            new Conv2d(1, 4, 3, padding: 1),
            new Residual(new Sequential(new Conv2d(4, 4, 3, padding: 1), new BatchNorm2d(5))));
        var ex = Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Zeros(2, 1, 6, 6)));
        Assert.Contains("BatchNorm2d '1.body.1'", ex.Message);
        Assert.Contains("[2, 4, 6, 6]", ex.Message);
    }

    [Fact]
    public void Dropout_in_training_zeroes_a_fraction_p_and_scales_the_rest()
    {
        const int n = 200_000;
        const float p = 0.3f;
        var x = Tensor.Full(2f, n);
        var y = new Dropout(p, new Generator(5)).Forward(x).ToArray();
        int zeros = 0;
        foreach (float v in y)
        {
            if (v == 0f) zeros++;
            else Assert.Equal(2f / (1f - p), v, 6);
        }
        // Binomial(n, p): standard deviation √(n·p·(1−p)) ≈ 205, so ±1,000 is about 5 standard deviations.
        Assert.InRange(zeros, n * p - 1000, n * p + 1000);
    }

    [Fact]
    public void Dropout_gradient_follows_the_mask()
    {
        var x = Tensor.Full(1f, 1000);
        x.RequiresGrad = true;
        var y = new Dropout(0.5f, new Generator(9)).Forward(x);
        y.Sum().Backward();
        Assert.Equal(y.ToArray(), x.Grad!.ToArray());
    }

    [Fact]
    public void Dropout_is_reproducible_from_its_generator_and_identity_in_eval()
    {
        var x = Tensor.Randn(50);
        Assert.Equal(new Dropout(0.5f, new Generator(3)).Forward(x).ToArray(), new Dropout(0.5f, new Generator(3)).Forward(x).ToArray());
        var d = new Dropout(0.9f, new Generator(4));
        d.Eval();
        Assert.Equal(x.ToArray(), d.Forward(x).ToArray());
        d.Train();
        Assert.NotEqual(x.ToArray(), d.Forward(x).ToArray());
        Assert.All(new Dropout(1f).Forward(x).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Dropout2d_zeroes_whole_channels()
    {
        var x = Tensor.Full(1f, 4, 500, 3, 3);
        var y = new Dropout2d(0.5f, new Generator(6)).Forward(x).ToArray();
        int zeroChannels = 0;
        for (int c = 0; c < 4 * 500; c++)
        {
            var channel = y.AsSpan(c * 9, 9);
            Assert.True(channel.IndexOfAnyExcept(channel[0]) < 0, $"channel {c} is partly dropped");
            if (channel[0] == 0f) zeroChannels++;
            else Assert.Equal(2f, channel[0]);
        }
        // Binomial(2000, 0.5): standard deviation ≈ 22.
        Assert.InRange(zeroChannels, 890, 1110);
    }

    [Fact]
    public void Batch_norm_in_eval_uses_and_keeps_the_running_statistics()
    {
        var bn = new BatchNorm1d(2);
        var x = Tensor.FromArray([1f, 10f, 3f, 20f], 2, 2);
        bn.Forward(x);
        var mean = bn.RunningMean!.ToArray();
        var variance = bn.RunningVar!.ToArray();
        // running = 0.9·initial + 0.1·batch, with the unbiased batch variance (n = 2).
        Assert.Equal([0.2f, 1.5f], mean, new FloatComparer(1e-6f));
        Assert.Equal([0.9f + 0.1f * 2f, 0.9f + 0.1f * 50f], variance, new FloatComparer(1e-5f));
        Assert.Equal(1f, bn.NumBatchesTracked!.Item());

        bn.Eval();
        var y = bn.Forward(x).ToArray();
        Assert.Equal(mean, bn.RunningMean.ToArray());
        Assert.Equal(variance, bn.RunningVar.ToArray());
        Assert.Equal(1f, bn.NumBatchesTracked.Item());
        Assert.Equal((1f - 0.2f) / MathF.Sqrt(1.1f + 1e-5f), y[0], 5);

        bn.Train();
        bn.Forward(x);
        Assert.Equal(2f, bn.NumBatchesTracked.Item());
    }

    [Fact]
    public void Train_and_eval_reach_layers_inside_containers()
    {
        var dropout = new Dropout(0.5f);
        var bn = new BatchNorm2d(3);
        var model = new Sequential(new Residual(new Sequential(bn, dropout)));
        model.Eval();
        Assert.False(dropout.Training);
        Assert.False(bn.Training);
        model.Train();
        Assert.True(dropout.Training);
        Assert.True(bn.Training);
    }

    [Fact]
    public void Upsample_takes_a_size_or_a_scale_factor()
    {
        var x = Tensor.Randn(1, 2, 3, 4);
        // A bare `new Upsample(2)` does not compile (size or scale factor?), so the argument is named.
        Assert.Equal([1, 2, 6, 8], new Upsample(scaleFactor: 2).Forward(x).Shape.ToArray());
        Assert.Equal([1, 2, 3, 12], new Upsample(scaleFactor: (1f, 3f)).Forward(x).Shape.ToArray());
        Assert.Equal([1, 2, 2, 2], new Upsample(size: 2).Forward(x).Shape.ToArray());
        Assert.Equal([1, 2, 5, 7], new Upsample(size: (5, 7)).Forward(x).Shape.ToArray());
    }

    private sealed class FloatComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance * Math.Max(1f, Math.Abs(b));

        public int GetHashCode(float value) => 0;
    }
}
