using Nabla.Training.Metrics;

namespace Nabla.Tests.Training.Metrics;

/// <summary>Accuracy, top-k accuracy, binary accuracy and Mean against hand-computed values.</summary>
public sealed class AccuracyMetricsTests
{
    private const double Tol = 1e-12;

    [Fact]
    public void AccuracyMatchesHandCount()
    {
        var m = new Accuracy();
        m.Update(MetricData.Logits(), MetricData.Targets());
        Assert.Equal(4.0 / 6, m.Result(), Tol);
        Assert.Equal("accuracy", m.Name);
    }

    [Fact]
    public void AccuracyWithSampleWeights()
    {
        // correct samples 0, 1, 3, 5 carry 1 + 2 + 1 + 1 of the total weight 8.5
        var m = new Accuracy();
        m.Update(MetricData.Logits(), MetricData.Targets(), Tensor.FromArray([1f, 2f, 0.5f, 1f, 3f, 1f]));
        Assert.Equal(5.0 / 8.5, m.Result(), Tol);
    }

    [Fact]
    public void AccuracyAcceptsOneHotAndColumnTargetsAndStridedInputs()
    {
        var oneHot = Tensor.FromArray(new float[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 1, 0 }, { 0, 0, 1 }, { 1, 0, 0 }, { 1, 0, 0 } });
        var m = new Accuracy();
        m.Update(MetricData.Logits(), oneHot);
        Assert.Equal(4.0 / 6, m.Result(), Tol);

        m.Reset();
        var strided = MetricData.Logits().T.Contiguous().T; // [6, 3] view over a [3, 6] buffer
        Assert.False(strided.IsContiguous);
        m.Update(strided, MetricData.Targets().Reshape(6, 1));
        Assert.Equal(4.0 / 6, m.Result(), Tol);
    }

    [Fact]
    public void TiesGoToTheLowestClassIndex()
    {
        var m = new Accuracy();
        m.Update(Tensor.FromArray(new float[,] { { 1, 1, 0 }, { 2, 2, 2 } }), Tensor.FromArray([0f, 1f]));
        Assert.Equal(0.5, m.Result(), Tol);
    }

    [Fact]
    public void TopKAccuracy()
    {
        var top2 = new TopKAccuracy(2);
        top2.Update(MetricData.Logits(), MetricData.Targets());
        Assert.Equal(5.0 / 6, top2.Result(), Tol);
        Assert.Equal("top_2_accuracy", top2.Name);

        var top1 = new TopKAccuracy(1);
        top1.Update(MetricData.Logits(), MetricData.Targets());
        Assert.Equal(4.0 / 6, top1.Result(), Tol);

        var top3 = new TopKAccuracy(3);
        top3.Update(MetricData.Logits(), MetricData.Targets());
        Assert.Equal(1.0, top3.Result(), Tol);
        Assert.Equal("top_5_accuracy", new TopKAccuracy().Name);
    }

    [Fact]
    public void TopKCountsTiesAtTheBoundaryAsHits()
    {
        // target 2 ties with class 1 for second place: both count as in the top 2 (TensorFlow in_top_k)
        var m = new TopKAccuracy(2);
        m.Update(Tensor.FromArray(new float[,] { { 3, 1, 1, 0 } }), Tensor.FromArray([2f], 1));
        Assert.Equal(1.0, m.Result());
        m.Reset();
        m.Update(Tensor.FromArray(new float[,] { { 3, 2, 1, 1 } }), Tensor.FromArray([3f], 1));
        Assert.Equal(0.0, m.Result());
    }

    [Fact]
    public void BinaryAccuracyFromProbabilitiesAndLogits()
    {
        var m = new BinaryAccuracy();
        m.Update(MetricData.Probabilities(), MetricData.BinaryTargets());
        Assert.Equal(4.0 / 6, m.Result(), Tol);
        Assert.Equal("binary_accuracy", m.Name);

        // logits whose sigmoids sit on the same side of 0.5 (sigmoid(0) = 0.5 is not > 0.5)
        var logits = new BinaryAccuracy(fromLogits: true);
        logits.Update(Tensor.FromArray([2.2f, -0.4f, 0.41f, -1.4f, 0f, 0.85f]).Reshape(6, 1), MetricData.BinaryTargets().Reshape(6, 1));
        Assert.Equal(4.0 / 6, logits.Result(), Tol);

        var strict = new BinaryAccuracy(threshold: 0.65);
        strict.Update(MetricData.Probabilities(), MetricData.BinaryTargets());
        // predictions [1, 0, 0, 0, 0, 1]: wrong only on sample 1
        Assert.Equal(5.0 / 6, strict.Result(), Tol);
    }

    [Fact]
    public void BinaryAccuracyMultiLabelAveragesPerSampleThenWeights()
    {
        // sample 0: 2 of 2 right; sample 1: 1 of 2 right. Weights 1 and 3: (1·1 + 3·0.5) / 4
        var m = new BinaryAccuracy();
        m.Update(Tensor.FromArray(new float[,] { { 0.9f, 0.1f }, { 0.8f, 0.7f } }),
            Tensor.FromArray(new float[,] { { 1, 0 }, { 1, 0 } }), Tensor.FromArray([1f, 3f]));
        Assert.Equal(2.5 / 4, m.Result(), Tol);
    }

    [Fact]
    public void MeanWeighsBatchesBySize()
    {
        // batch losses 0.5 over 32 samples, 0.25 over 32, 1.0 over an uneven last batch of 8
        var loss = new Mean("loss");
        loss.Update(0.5, 32);
        loss.Update(0.25, 32);
        loss.Update(1.0, 8);
        Assert.Equal((16 + 8 + 8) / 72.0, loss.Result(), Tol);
        Assert.Equal("loss", loss.Name);

        var values = new Mean();
        values.Update(Tensor.FromArray(new float[,] { { 1, 3 }, { 10, 20 } }), Tensor.Zeros(2), Tensor.FromArray([3f, 1f]));
        Assert.Equal((3 * 2 + 1 * 15) / 4.0, values.Result(), Tol);
        values.Update(Tensor.Scalar(5f), Tensor.Zeros(1));
        Assert.Equal((3 * 2 + 1 * 15 + 5) / 5.0, values.Result(), Tol);
    }

    [Fact]
    public void NothingSeenIsNaNAndResetForgets()
    {
        var metrics = new Metric[]
        {
            new Mean(), new Accuracy(), new TopKAccuracy(), new BinaryAccuracy(), new Precision(), new Recall(), new F1Score(),
            new ConfusionMatrix(), new RocAuc(), new MeanAbsoluteError(), new MeanSquaredError(), new RootMeanSquaredError(), new R2Score(),
        };
        foreach (var m in metrics) Assert.True(double.IsNaN(m.Result()), m.Name);

        var acc = new Accuracy();
        acc.Update(MetricData.Logits(), MetricData.Targets());
        acc.Reset();
        Assert.True(double.IsNaN(acc.Result()));
        acc.Update(MetricData.Logits(), Tensor.FromArray([0f, 1f, 2f, 2f, 1f, 0f]));
        Assert.Equal(1.0, acc.Result());
        Assert.Equal("accuracy: 1", acc.ToString());
    }
}
