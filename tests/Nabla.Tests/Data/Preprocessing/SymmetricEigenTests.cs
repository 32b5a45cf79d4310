using Nabla.Data.Preprocessing;

namespace Nabla.Tests.Data.Preprocessing;

// The eigen-solver runs in double: residuals ‖Av − λv‖ and orthonormality are checked to 1e-10.
public class SymmetricEigenTests
{
    private static void CheckDecomposition(double[] a, int n)
    {
        var v = (double[])a.Clone();
        var values = new double[n];
        DenseLinearAlgebra.SymmetricEigen(v, n, values);
        double norm = a.Max(Math.Abs) + 1;
        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < n; i++)
            {
                double av = 0;
                for (int j = 0; j < n; j++) av += a[i * n + j] * v[j * n + k];
                Assert.True(Math.Abs(av - values[k] * v[i * n + k]) < 1e-10 * norm, $"residual of eigenpair {k}, row {i}");
            }
            for (int m = 0; m < n; m++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += v[i * n + k] * v[i * n + m];
                Assert.True(Math.Abs(dot - (k == m ? 1 : 0)) < 1e-10, $"orthonormality of vectors {k}, {m}");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(40)]
    public void RandomSymmetricMatrices(int n)
    {
        var g = new Generator((ulong)n);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = g.NextNormal();
        CheckDecomposition(a, n);
    }

    [Fact]
    public void RepeatedEigenvaluesAndDiagonalMatrices()
    {
        CheckDecomposition([2, 0, 0, 0, 2, 0, 0, 0, 2], 3);
        CheckDecomposition([3, 0, 0, 0, -1, 0, 0, 0, 5], 3);
        CheckDecomposition([0, 0, 0, 0], 2);
        CheckDecomposition([1, 1, 1, 1, 1, 1, 1, 1, 1], 3);
        var values = new double[3];
        var a = new double[] { 3, 0, 0, 0, -1, 0, 0, 0, 5 };
        DenseLinearAlgebra.SymmetricEigen(a, 3, values);
        Assert.Equal([-1.0, 3.0, 5.0], values.Order());
    }
}
