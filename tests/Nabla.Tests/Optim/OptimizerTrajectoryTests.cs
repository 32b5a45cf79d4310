using Nabla.Optim;

namespace Nabla.Tests.Optim;

/// <summary>
/// Every optimizer's iterates on the fixed quadratic problem against torch.optim (PyTorch 1.13, fixtures/optim.json).
/// Tolerance: |x − x_ref| ≤ 1e-6·max(|x_ref|, 1) per element over 25 steps. Both sides run the same float32
/// operations in the same order, so the differences are a few ulps per step (division and square root are
/// correctly rounded; PyTorch's vectorized loops may contract a·b + c into one FMA, which changes the last bit).
/// </summary>
public sealed class OptimizerTrajectoryTests
{
    private const double Tolerance = 1e-6;

    public static TheoryData<string> Cases() => [.. OptimFixture.Names("optimizers")];

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrajectoryMatchesPyTorch(string name)
    {
        var c = OptimFixture.Case("optimizers", name);
        var problem = new OptimFixture.Problem();
        var opt = OptimFixture.Create(c, problem);
        int step = 0;
        foreach (var expectedJson in c.GetProperty("trajectory").EnumerateArray())
        {
            opt.ZeroGrad();
            problem.SetGradients();
            Assert.True(opt.Step());
            AssertClose(OptimFixture.Floats(expectedJson), problem.Flat(), $"{name} step {++step}");
        }
        Assert.Equal(25, step);
    }

    internal static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tol = Tolerance * Math.Max(Math.Abs(expected[i]), 1.0);
            if (!(Math.Abs(expected[i] - actual[i]) <= tol))
                Assert.Fail($"{what}, element {i}: expected {expected[i]:R}, got {actual[i]:R} (|diff| {Math.Abs(expected[i] - actual[i]):E2} > {tol:E2})");
        }
    }
}
