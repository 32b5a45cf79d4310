using Nabla.Training.Metrics;

namespace Nabla.Tests.Training.Metrics;

/// <summary>
/// MAE, MSE, RMSE and R² on predictions [1, 2, 3, 4] for targets [1.5, 2, 2, 5] (errors −0.5, 0, 1, −1):
/// MAE 2.5/4, MSE 2.25/4, RMSE 0.75; ȳ = 2.625, SS_tot = 7.6875, SS_res = 2.25, R² = 1 − 2.25/7.6875.
/// With weights [1, 0, 2, 1]: MAE 3.5/4, MSE 3.25/4, weighted ȳ = 2.625, SS_tot = 7.6875, SS_res = 3.25.
/// </summary>
public sealed class RegressionMetricsTests
{
    private const double Tol = 1e-12;

    private static readonly Tensor Pred = Tensor.FromArray([1f, 2f, 3f, 4f]);
    private static readonly Tensor Target = Tensor.FromArray([1.5f, 2f, 2f, 5f]);
    private static readonly Tensor Weights = Tensor.FromArray([1f, 0f, 2f, 1f]);

    private static double Run(Metric m, Tensor? weights = null)
    {
        m.Update(Pred, Target, weights);
        return m.Result();
    }

    [Fact]
    public void Unweighted()
    {
        Assert.Equal(0.625, Run(new MeanAbsoluteError()), Tol);
        Assert.Equal(0.5625, Run(new MeanSquaredError()), Tol);
        Assert.Equal(0.75, Run(new RootMeanSquaredError()), Tol);
        Assert.Equal(1 - 2.25 / 7.6875, Run(new R2Score()), Tol);
    }

    [Fact]
    public void Weighted()
    {
        Assert.Equal(0.875, Run(new MeanAbsoluteError(), Weights), Tol);
        Assert.Equal(0.8125, Run(new MeanSquaredError(), Weights), Tol);
        Assert.Equal(Math.Sqrt(0.8125), Run(new RootMeanSquaredError(), Weights), Tol);
        Assert.Equal(1 - 3.25 / 7.6875, Run(new R2Score(), Weights), Tol);
    }

    [Fact]
    public void ColumnShapesMix()
    {
        var mae = new MeanAbsoluteError();
        mae.Update(Pred.Reshape(4, 1), Target);
        Assert.Equal(0.625, mae.Result(), Tol);
    }

    [Fact]
    public void MultiOutputR2AveragesColumnsUniformly()
    {
        // column 0 is the example above; column 1 is predicted perfectly (R² = 1)
        var pred = Tensor.FromArray(new float[,] { { 1, 0 }, { 2, 1 }, { 3, 4 }, { 4, 9 } });
        var target = Tensor.FromArray(new float[,] { { 1.5f, 0 }, { 2, 1 }, { 2, 4 }, { 5, 9 } });
        var r2 = new R2Score();
        r2.Update(pred, target);
        Assert.Equal(((1 - 2.25 / 7.6875) + 1) / 2, r2.Result(), Tol);

        // MAE over two outputs: per-sample mean of |e| then mean over samples
        var mae = new MeanAbsoluteError();
        mae.Update(pred, target);
        Assert.Equal((0.25 + 0 + 0.5 + 0.5) / 4, mae.Result(), Tol);
    }

    [Fact]
    public void R2EdgeCasesFollowScikitLearn()
    {
        var perfect = new R2Score();
        perfect.Update(Tensor.Full(3f, 4), Tensor.Full(3f, 4));
        Assert.Equal(1.0, perfect.Result());

        var constantMissed = new R2Score();
        constantMissed.Update(Tensor.FromArray([3f, 3f, 4f]), Tensor.Full(3f, 3));
        Assert.Equal(0.0, constantMissed.Result());

        var single = new R2Score();
        single.Update(Tensor.FromArray([1f], 1), Tensor.FromArray([2f], 1));
        Assert.True(double.IsNaN(single.Result()));
    }

    [Fact]
    public void R2IsStableForLargeOffsets()
    {
        // targets around 1e6 with spread ~1: a naive Σy² − (Σy)²/n would lose every digit in float64 sums of float32 data
        var target = Tensor.FromArray([1e6f, 1e6f + 1, 1e6f + 2, 1e6f + 3]);
        var pred = Tensor.FromArray([1e6f, 1e6f + 1, 1e6f + 2, 1e6f + 2]);
        var r2 = new R2Score();
        r2.Update(pred.Narrow(0, 0, 3), target.Narrow(0, 0, 3));
        r2.Update(pred.Narrow(0, 3, 1), target.Narrow(0, 3, 1));
        Assert.Equal(1 - 1 / 5.0, r2.Result(), 1e-12);
    }
}
