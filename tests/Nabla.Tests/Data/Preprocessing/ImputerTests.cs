using Nabla.Data.Preprocessing;
using static Nabla.Tests.Data.Preprocessing.PreprocessingFixture;

namespace Nabla.Tests.Data.Preprocessing;

// Tolerances: SimpleImputer statistics are float32 roundings of NumPy's double statistics (rtol 1e-6).
// IterativeImputer solves ridge systems in double but keeps float32 coefficients, and three rounds chain
// them: rtol 1e-5, atol 1e-5.
public class ImputerTests
{
    [Theory]
    [InlineData(ImputeStrategy.Mean, "mean")]
    [InlineData(ImputeStrategy.Median, "median")]
    [InlineData(ImputeStrategy.MostFrequent, "most_frequent")]
    public void SimpleImputer_MatchesNumPy(ImputeStrategy strategy, string name)
    {
        var imputer = new SimpleImputer(strategy);
        imputer.Fit(Matrix("xm"));
        AssertClose($"impute_{name}_stats", imputer.Statistics, 1e-6, 1e-6);
        AssertClose($"impute_{name}_x2", imputer.Transform(Matrix("x2m")), 1e-6, 1e-6);
    }

    [Fact]
    public void SimpleImputer_ConstantAndAllMissingColumn()
    {
        var x = new float[,] { { float.NaN, 1 }, { float.NaN, float.NaN }, { float.NaN, 3 } };
        var filled = new SimpleImputer(ImputeStrategy.Constant, -7f).FitTransform(x);
        Assert.Equal(-7f, filled[1, 1]);
        var mean = new SimpleImputer(ImputeStrategy.Mean).FitTransform(x);
        Assert.Equal(0f, mean[0, 0]);
        Assert.Equal(2f, mean[1, 1]);
    }

    [Fact]
    public void IterativeImputer_MatchesNumPyRidgeRounds()
    {
        var imputer = new IterativeImputer(rounds: 3, alpha: 1.0);
        var train = imputer.FitTransform(Matrix("xm"));
        AssertClose("iterative_train", train, 1e-5, 1e-5);
        AssertClose("iterative_x2", imputer.Transform(Matrix("x2m")), 1e-5, 1e-5);
    }

    [Fact]
    public void IterativeImputer_RecoversLinearRelation()
    {
        // y = 2a − b + 1 exactly; a missing y must be predicted near the line (small ridge penalty).
        var x = new float[40, 3];
        var g = new Generator(3);
        for (int r = 0; r < 40; r++)
        {
            float a = (float)g.NextNormal(), b = (float)g.NextNormal();
            x[r, 0] = a; x[r, 1] = b; x[r, 2] = 2 * a - b + 1;
        }
        x[5, 2] = float.NaN;
        var filled = new IterativeImputer(rounds: 3, alpha: 1e-6).FitTransform(x);
        Assert.Equal(2 * x[5, 0] - x[5, 1] + 1, filled[5, 2], 3);
        Assert.False(float.IsNaN(filled[5, 2]));
    }

    [Fact]
    public void MissingRows_DropsRowsWithNaN()
    {
        var x = new float[,] { { 1, 2 }, { float.NaN, 3 }, { 4, 5 }, { 6, float.NaN } };
        var kept = MissingRows.Drop(x, out var rows);
        Assert.Equal([0, 2], rows);
        Assert.Equal(new float[,] { { 1, 2 }, { 4, 5 } }, kept);
    }
}
