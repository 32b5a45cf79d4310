using Nabla.Data.Preprocessing;
using static Nabla.Tests.Data.Preprocessing.PreprocessingFixture;

namespace Nabla.Tests.Data.Preprocessing;

// Tolerances: the covariance and Jacobi eigen-solver run in double on the same float32 inputs as NumPy's
// eigh; results are stored as float32, so rtol 1e-5 with atol 1e-5 for entries near zero.
public class PcaTests
{
    [Fact]
    public void Pca_MatchesNumPyEigenDecomposition()
    {
        var pca = new Pca(3);
        pca.Fit(Matrix("xp"));
        AssertClose("pca_components", pca.ComponentMatrix, 1e-5, 1e-5);
        AssertClose("pca_variance", pca.ExplainedVariance, 1e-5, 1e-6);
        AssertClose("pca_ratio", pca.ExplainedVarianceRatio, 1e-5, 1e-6);
        var z = pca.Transform(Matrix("xp2"));
        AssertClose("pca_x2", z, 1e-5, 1e-5);
        AssertClose("pca_x2_inverse", pca.InverseTransform(z), 1e-5, 1e-5);
    }

    [Fact]
    public void Pca_AllComponentsReconstructExactlyAndRatiosSumToOne()
    {
        var x = Matrix("xp");
        var pca = new Pca();
        var back = pca.InverseTransform(pca.FitTransform(x));
        AssertClose(Flatten(x).Select(v => (double)v).ToArray(), Flatten(back), 1e-5, 1e-5, "reconstruction");
        float sum = 0;
        foreach (float r in pca.ExplainedVarianceRatio) sum += r;
        Assert.Equal(1f, sum, 5);
        var variance = pca.ExplainedVariance.ToArray();
        for (int k = 1; k < variance.Length; k++) Assert.True(variance[k - 1] >= variance[k]);
    }

    [Fact]
    public void Pca_SignConventionLargestEntryPositive()
    {
        var pca = new Pca();
        pca.Fit(Matrix("xp"));
        var w = pca.ComponentMatrix.ToArray();
        for (int k = 0; k < pca.Components; k++)
        {
            var row = w.AsSpan(k * 5, 5).ToArray();
            float largest = row.MaxBy(Math.Abs);
            Assert.True(largest > 0, $"component {k} has a negative largest entry");
        }
    }

    [Fact]
    public void Pca_BadInputs()
    {
        Assert.Contains("3 columns", Assert.Throws<ArgumentException>(() => new Pca(4).Fit(new float[5, 3])).Message);
        var nan = new float[3, 2];
        nan[1, 1] = float.NaN;
        Assert.Contains("impute", Assert.Throws<ArgumentException>(() => new Pca().Fit(nan)).Message);
    }
}
