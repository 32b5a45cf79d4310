namespace Nabla.Tests.Tensors;

/// <summary>
/// Dropout's contract (random masks cannot match PyTorch's generator, so these check the distribution and the
/// invariants instead): kept values are scaled by 1/(1 − p), the drop rate is p within binomial error, backward
/// reuses the mask, evaluation and p = 0 return the input itself, p = 1 gives zeros, a seed fixes the mask, and
/// dropout2d zeroes whole channels.
/// </summary>
public sealed class DropoutTests
{
    [Fact]
    public void KeptValuesAreScaledAndTheDropRateIsP()
    {
        const int n = 200_000;
        const float p = 0.3f;
        var x = Tensor.Ones(n);
        var y = Tensor.Dropout(x, p, training: true, new Generator(1)).ToArray();
        int dropped = 0;
        foreach (float v in y)
        {
            if (v == 0f) dropped++;
            else Assert.Equal(1f / (1f - p), v, 6);
        }
        // Binomial standard deviation √(n·p·(1−p)) ≈ 205; 5 sigma ≈ 1025 of 60 000.
        Assert.InRange(dropped, n * p - 1025, n * p + 1025);
    }

    [Fact]
    public void BackwardReusesTheMask()
    {
        var x = Tensor.Normal([50, 40], generator: new Generator(2));
        x.RequiresGrad = true;
        var y = Tensor.Dropout(x, 0.5f, training: true, new Generator(3));
        var upstream = Tensor.Normal([50, 40], generator: new Generator(4));
        y.Backward(upstream);
        var yv = y.ToArray();
        var xv = x.ToArray();
        var gv = x.Grad!.ToArray();
        var uv = upstream.ToArray();
        for (int i = 0; i < yv.Length; i++)
        {
            float mask = yv[i] == 0f ? 0f : 2f;
            Assert.Equal(xv[i] * mask, yv[i], 5);
            Assert.Equal(uv[i] * mask, gv[i], 5);
        }
    }

    [Fact]
    public void EvaluationAndZeroProbabilityReturnTheInput()
    {
        var x = Tensor.Randn(3, 4);
        Assert.Same(x, Tensor.Dropout(x, 0.5f, training: false));
        Assert.Same(x, Tensor.Dropout(x, 0f, training: true));
        var image = Tensor.Randn(2, 3, 2, 2);
        Assert.Same(image, Tensor.Dropout2d(image, 0.5f, training: false));
        Assert.Same(image, Tensor.Dropout2d(image, 0f, training: true));
    }

    [Fact]
    public void ProbabilityOneGivesZerosAndZeroGradient()
    {
        var x = Tensor.Randn(3, 4);
        x.RequiresGrad = true;
        var y = Tensor.Dropout(x, 1f, training: true);
        Assert.All(y.ToArray(), v => Assert.Equal(0f, v));
        y.Sum().Backward();
        Assert.All(x.Grad!.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void TheSameSeedGivesTheSameMask()
    {
        var x = Tensor.Ones(1000);
        var a = Tensor.Dropout(x, 0.5f, training: true, new Generator(7)).ToArray();
        var b = Tensor.Dropout(x, 0.5f, training: true, new Generator(7)).ToArray();
        var c = Tensor.Dropout(x, 0.5f, training: true, new Generator(8)).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Generator.ManualSeed(11);
        var d = Tensor.Dropout(x, 0.5f, training: true).ToArray();
        Generator.ManualSeed(11);
        Assert.Equal(d, Tensor.Dropout(x, 0.5f, training: true).ToArray());
    }

    [Theory]
    [InlineData(4)]
    [InlineData(3)]
    public void Dropout2dZeroesWholeChannels(int rank)
    {
        int[] shape = rank == 4 ? [8, 16, 3, 5] : [32, 3, 5];
        var x = Tensor.Uniform(shape, 1f, 2f, new Generator(9));
        var y = Tensor.Dropout2d(x, 0.4f, training: true, new Generator(10)).ToArray();
        var xv = x.ToArray();
        int channels = y.Length / 15, dropped = 0;
        for (int ch = 0; ch < channels; ch++)
        {
            bool zero = y[ch * 15] == 0f;
            if (zero) dropped++;
            for (int k = 0; k < 15; k++)
                Assert.Equal(zero ? 0.0 : xv[ch * 15 + k] / 0.6, y[ch * 15 + k], 1e-5);
        }
        Assert.InRange(dropped, 1, channels - 1);
    }

    [Fact]
    public void BadProbabilityOrRankIsRejected()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Dropout(Tensor.Ones(3), 1.5f, training: true));
        Assert.Contains("dropout: probability p must be in [0, 1], got 1.5", e.Message);
        var r = Assert.Throws<ArgumentException>(() => Tensor.Dropout2d(Tensor.Ones(3, 4), 0.5f, training: true));
        Assert.Contains("dropout2d: input must be [N, C, H, W] or [C, H, W], got shape [3, 4]", r.Message);
    }
}
