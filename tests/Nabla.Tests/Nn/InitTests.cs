using Nabla.Nn;

namespace Nabla.Tests.Nn;

/// <summary>
/// Initializer statistics against their formulas. Sample moments of n = 100,000+ draws: the tolerance on a standard
/// deviation is 3% (about 10 standard errors of the sample std at this n), on a mean 0.02·std.
/// </summary>
public class InitTests
{
    private static (double Mean, double Std, double Min, double Max) Moments(Tensor t)
    {
        var d = t.ToArray();
        double mean = d.Average();
        double std = Math.Sqrt(d.Sum(v => (v - mean) * (v - mean)) / d.Length);
        return (mean, std, d.Min(), d.Max());
    }

    [Fact]
    public void Xavier_uniform_bound_and_std()
    {
        var w = Init.XavierUniform(Tensor.Zeros(300, 500), gain: 2f, generator: new Generator(1));
        double bound = 2 * Math.Sqrt(6.0 / 800);
        var (mean, std, min, max) = Moments(w);
        Assert.InRange(max, bound * 0.99, bound);
        Assert.InRange(min, -bound, -bound * 0.99);
        Assert.InRange(std, bound / Math.Sqrt(3) * 0.97, bound / Math.Sqrt(3) * 1.03);
        Assert.InRange(mean, -0.02 * std, 0.02 * std);
    }

    [Fact]
    public void Xavier_normal_std()
    {
        var w = Init.XavierNormal(Tensor.Zeros(200, 30, 3, 3), generator: new Generator(2));
        double expected = Math.Sqrt(2.0 / (30 * 9 + 200 * 9));
        Assert.InRange(Moments(w).Std, expected * 0.97, expected * 1.03);
    }

    [Theory]
    [InlineData(FanMode.FanIn, Nonlinearity.Relu, 0f)]
    [InlineData(FanMode.FanOut, Nonlinearity.Relu, 0f)]
    [InlineData(FanMode.FanIn, Nonlinearity.LeakyRelu, 0.2f)]
    public void Kaiming_normal_and_uniform_std(FanMode mode, Nonlinearity nonlinearity, float a)
    {
        var shape = new[] { 64, 32, 5, 5 };
        int fan = mode == FanMode.FanIn ? 32 * 25 : 64 * 25;
        double expected = Init.CalculateGain(nonlinearity, a) / Math.Sqrt(fan);
        var n = Init.KaimingNormal(Tensor.Zeros(shape), a, mode, nonlinearity, new Generator(3));
        var u = Init.KaimingUniform(Tensor.Zeros(shape), a, mode, nonlinearity, new Generator(4));
        Assert.InRange(Moments(n).Std, expected * 0.97, expected * 1.03);
        Assert.InRange(Moments(u).Std, expected * 0.97, expected * 1.03);
        Assert.True(Moments(u).Max <= Math.Sqrt(3) * expected + 1e-7);
    }

    [Fact]
    public void Gains_match_pytorch()
    {
        Assert.Equal(1f, Init.CalculateGain(Nonlinearity.Sigmoid));
        Assert.Equal(5f / 3f, Init.CalculateGain(Nonlinearity.Tanh));
        Assert.Equal(MathF.Sqrt(2f), Init.CalculateGain(Nonlinearity.Relu));
        Assert.Equal(MathF.Sqrt(2f / (1 + 0.04f)), Init.CalculateGain(Nonlinearity.LeakyRelu, 0.2f), 6);
        Assert.Equal(0.75f, Init.CalculateGain(Nonlinearity.Selu));
    }

    [Fact]
    public void Truncated_normal_stays_in_bounds()
    {
        var w = Init.TruncatedNormal(Tensor.Zeros(100_000), 0f, 1f, -0.5f, 1.5f, new Generator(5));
        var (_, _, min, max) = Moments(w);
        Assert.True(min >= -0.5 && max <= 1.5);
        Assert.Throws<ArgumentException>(() => Init.TruncatedNormal(Tensor.Zeros(3), 0f, 1f, 10f, 12f));
    }

    [Theory]
    [InlineData(6, 10)]
    [InlineData(10, 6)]
    [InlineData(8, 8)]
    public void Orthogonal_rows_or_columns_are_orthonormal(int rows, int cols)
    {
        var w = Init.Orthogonal(Tensor.Zeros(rows, cols), gain: 1f, generator: new Generator(6));
        var gram = rows <= cols ? w.MatMul(w.T) : w.T.MatMul(w);
        var eye = Tensor.Eye(Math.Min(rows, cols));
        var diff = (gram - eye).Abs().Max().Item();
        Assert.True(diff < 1e-5f, $"max |QQᵀ − I| = {diff}");
    }

    [Fact]
    public void Linear_default_init_matches_pytorch_bounds()
    {
        var layer = new Linear(400, 300, generator: new Generator(7));
        double bound = 1 / Math.Sqrt(400);
        var (_, std, min, max) = Moments(layer.Weight);
        Assert.True(min >= -bound && max <= bound);
        Assert.InRange(std, bound / Math.Sqrt(3) * 0.97, bound / Math.Sqrt(3) * 1.03);
        var (_, _, bmin, bmax) = Moments(layer.Bias!);
        Assert.True(bmin >= -bound && bmax <= bound);
    }

    [Fact]
    public void Same_seed_same_weights()
    {
        var a = new Linear(5, 4, generator: new Generator(42));
        var b = new Linear(5, 4, generator: new Generator(42));
        Assert.Equal(a.Weight.ToArray(), b.Weight.ToArray());
    }
}
