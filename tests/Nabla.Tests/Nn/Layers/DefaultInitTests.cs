using Nabla.Nn;

namespace Nabla.Tests.Nn.Layers;

/// <summary>
/// Each layer's default initialization follows PyTorch's distribution. Linear and the convolutions draw the weight
/// from kaiming_uniform(a = √5), which is U(−1/√fan_in, 1/√fan_in), and the bias from the same interval, with
/// fan_in = in_features, or C_in/groups·kH·kW for Conv1d/Conv2d, or (C_out/groups)·kH·kW for ConvTranspose2d (PyTorch
/// takes the fan from the weight's dimension 1, which for a transposed convolution is the output channels).
/// Embedding draws N(0, 1); the normalization layers start at γ = 1, β = 0, running mean 0, running variance 1.
///
/// Checks on thousands of draws: every value inside the bound; the extremes within 3% of it (the chance that n
/// uniform draws all miss the outer 3% is 0.97ⁿ, below 1e-13 for n ≥ 1000); the variance within 10% of bound²/3
/// (its standard error is about 3% at these sizes). A wrong fan (e.g. out instead of in) changes the bound by a
/// factor ≥ 1.5 and fails.
/// </summary>
public sealed class DefaultInitTests
{
    public static TheoryData<string, int> UniformLayers() => new()
    {
        { "Linear(200, 30)", 200 },
        { "Conv1d(6, 40, 5)", 30 },
        { "Conv2d(8, 40, 3)", 72 },
        { "Conv2d(8, 40, (3, 2), groups=4)", 12 },
        { "ConvTranspose2d(40, 12, 3, groups=2)", 54 },
    };

    private static Module Make(string name) => name switch
    {
        "Linear(200, 30)" => new Linear(200, 30, generator: new Generator(1)),
        "Conv1d(6, 40, 5)" => new Conv1d(6, 40, 5, generator: new Generator(2)),
        "Conv2d(8, 40, 3)" => new Conv2d(8, 40, 3, generator: new Generator(3)),
        "Conv2d(8, 40, (3, 2), groups=4)" => new Conv2d(8, 40, (3, 2), groups: 4, generator: new Generator(4)),
        "ConvTranspose2d(40, 12, 3, groups=2)" => new ConvTranspose2d(40, 12, 3, groups: 2, generator: new Generator(5)),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(UniformLayers))]
    public void Weights_and_bias_are_uniform_within_one_over_root_fan_in(string name, int fanIn)
    {
        var layer = Make(name);
        double bound = 1.0 / Math.Sqrt(fanIn);
        var state = layer.StateDict();
        CheckUniform(name + " weight", state["weight"].ToArray(), bound, checkVariance: true);
        CheckUniform(name + " bias", state["bias"].ToArray(), bound, checkVariance: false);
    }

    [Fact]
    public void Embedding_is_standard_normal()
    {
        var w = new Embedding(1000, 20, generator: new Generator(7)).Weight.ToArray();
        double mean = w.Average(v => (double)v);
        double variance = w.Average(v => (v - mean) * (v - mean));
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(variance, 0.95, 1.05);
    }

    [Fact]
    public void Embedding_padding_row_starts_at_zero()
    {
        var e = new Embedding(10, 4, paddingIndex: 3, generator: new Generator(8));
        Assert.All(e.Weight.ToArray().AsSpan(12, 4).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Normalization_layers_start_at_identity()
    {
        foreach (Module m in new Module[] { new BatchNorm1d(5), new BatchNorm2d(5) })
        {
            var s = m.StateDict();
            Assert.All(s["weight"].ToArray(), v => Assert.Equal(1f, v));
            Assert.All(s["bias"].ToArray(), v => Assert.Equal(0f, v));
            Assert.All(s["running_mean"].ToArray(), v => Assert.Equal(0f, v));
            Assert.All(s["running_var"].ToArray(), v => Assert.Equal(1f, v));
            Assert.Equal(0f, s["num_batches_tracked"].Item());
        }
        foreach (Module m in new Module[] { new LayerNorm(5), new GroupNorm(1, 5) })
        {
            Assert.All(m.StateDict()["weight"].ToArray(), v => Assert.Equal(1f, v));
            Assert.All(m.StateDict()["bias"].ToArray(), v => Assert.Equal(0f, v));
        }
        Assert.All(new PReLU(3).Weight.ToArray(), v => Assert.Equal(0.25f, v));
    }

    [Fact]
    public void Same_generator_seed_gives_the_same_weights()
    {
        var a = new Linear(10, 5, generator: new Generator(11));
        var b = new Linear(10, 5, generator: new Generator(11));
        var c = new Linear(10, 5, generator: new Generator(12));
        Assert.Equal(a.Weight.ToArray(), b.Weight.ToArray());
        Assert.NotEqual(a.Weight.ToArray(), c.Weight.ToArray());
    }

    private static void CheckUniform(string what, float[] values, double bound, bool checkVariance)
    {
        double min = values.Min(), max = values.Max();
        Assert.True(min >= -bound && max <= bound, $"{what}: values in [{min}, {max}], PyTorch's bound ±{bound}");
        if (!checkVariance) return;
        Assert.True(min < -0.97 * bound && max > 0.97 * bound, $"{what}: extremes [{min}, {max}] stay far inside ±{bound}");
        double mean = values.Average(v => (double)v);
        double variance = values.Average(v => (v - mean) * (v - mean));
        double expected = bound * bound / 3;
        Assert.True(Math.Abs(variance / expected - 1) < 0.1, $"{what}: variance {variance}, U(±{bound}) has {expected}");
    }
}
