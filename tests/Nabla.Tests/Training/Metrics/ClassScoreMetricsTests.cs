using Nabla.Training.Metrics;

namespace Nabla.Tests.Training.Metrics;

/// <summary>
/// Precision, recall, F1 and the confusion matrix against the hand-worked table in <see cref="MetricData.Logits"/>,
/// using scikit-learn's definitions: macro = unweighted mean of per-class scores, micro = score of summed counts,
/// weighted = support-weighted mean, binary = class 1; zero denominators give zero_division (0 by default).
/// </summary>
public sealed class ClassScoreMetricsTests
{
    private const double Tol = 1e-12;

    private static double Score(ClassScoreMetric m)
    {
        m.Update(MetricData.Logits(), MetricData.Targets());
        return m.Result();
    }

    [Fact]
    public void MacroAverages()
    {
        Assert.Equal((1 + 0.5 + 0.5) / 3, Score(new Precision(ClassAverage.Macro)), Tol);
        Assert.Equal((2.0 / 3 + 0.5 + 1) / 3, Score(new Recall(ClassAverage.Macro)), Tol);
        Assert.Equal((0.8 + 0.5 + 2.0 / 3) / 3, Score(new F1Score(ClassAverage.Macro)), Tol);
        // null average = macro for more than two classes
        Assert.Equal((1 + 0.5 + 0.5) / 3, Score(new Precision()), Tol);
    }

    [Fact]
    public void MicroAveragesEqualAccuracyForSingleLabelData()
    {
        Assert.Equal(4.0 / 6, Score(new Precision(ClassAverage.Micro)), Tol);
        Assert.Equal(4.0 / 6, Score(new Recall(ClassAverage.Micro)), Tol);
        Assert.Equal(4.0 / 6, Score(new F1Score(ClassAverage.Micro)), Tol);
    }

    [Fact]
    public void WeightedAveragesUseSupport()
    {
        // supports 3, 2, 1
        Assert.Equal((3 * 1 + 2 * 0.5 + 1 * 0.5) / 6, Score(new Precision(ClassAverage.Weighted)), Tol);
        Assert.Equal((3 * 2.0 / 3 + 2 * 0.5 + 1 * 1.0) / 6, Score(new Recall(ClassAverage.Weighted)), Tol);
        Assert.Equal((3 * 0.8 + 2 * 0.5 + 1 * 2.0 / 3) / 6, Score(new F1Score(ClassAverage.Weighted)), Tol);
    }

    [Fact]
    public void PerClassScores()
    {
        var p = new Precision(ClassAverage.Macro);
        p.Update(MetricData.Logits(), MetricData.Targets());
        Assert.Equal([1.0, 0.5, 0.5], [p.ClassScore(0), p.ClassScore(1), p.ClassScore(2)]);
        var f = new F1Score(ClassAverage.Macro);
        f.Update(MetricData.Logits(), MetricData.Targets());
        Assert.Equal(0.8, f.ClassScore(0), Tol);
        Assert.Equal(2.0 / 3, f.ClassScore(2), Tol);
    }

    [Fact]
    public void BinaryScoresFromProbabilitiesAndLogits()
    {
        // TP 2, FP 1, FN 1
        foreach (var m in new ClassScoreMetric[] { new Precision(), new Recall(), new F1Score() })
        {
            m.Update(MetricData.Probabilities(), MetricData.BinaryTargets());
            Assert.Equal(2.0 / 3, m.Result(), Tol);
        }
        var fromLogits = new Precision(fromLogits: true);
        fromLogits.Update(Tensor.FromArray([2.2f, -0.4f, 0.41f, -1.4f, 0f, 0.85f]), MetricData.BinaryTargets());
        Assert.Equal(2.0 / 3, fromLogits.Result(), Tol);

        // threshold 0.65: predictions [1, 0, 0, 0, 0, 1] -> TP 2, FP 0, FN 1
        var p = new Precision(threshold: 0.65);
        var r = new Recall(threshold: 0.65);
        p.Update(MetricData.Probabilities(), MetricData.BinaryTargets());
        r.Update(MetricData.Probabilities(), MetricData.BinaryTargets());
        Assert.Equal(1.0, p.Result(), Tol);
        Assert.Equal(2.0 / 3, r.Result(), Tol);
    }

    [Fact]
    public void BinaryWithSampleWeights()
    {
        // weights [2, 1, 3, 1, 1, 1]: TP = 2 + 1 = 3 (samples 0, 5), FP = 3 (sample 2), FN = 1 (sample 1)
        var w = Tensor.FromArray([2f, 1f, 3f, 1f, 1f, 1f]);
        var p = new Precision();
        var r = new Recall();
        var f = new F1Score();
        foreach (var m in new ClassScoreMetric[] { p, r, f }) m.Update(MetricData.Probabilities(), MetricData.BinaryTargets(), w);
        Assert.Equal(3.0 / 6, p.Result(), Tol);
        Assert.Equal(3.0 / 4, r.Result(), Tol);
        Assert.Equal(6.0 / (6 + 3 + 1), f.Result(), Tol);
    }

    [Fact]
    public void ClassNeverPredictedHasPrecisionZeroDivision()
    {
        // class 2 is a target but never predicted; class 1 never a target but predicted once
        var logits = Tensor.FromArray(new float[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 1, 0, 0 } });
        var targets = Tensor.FromArray([0f, 0f, 2f]);
        var p = new Precision(ClassAverage.Macro);
        p.Update(logits, targets);
        // class 0: TP 1, FP 1 -> 1/2; class 1: TP 0, FP 1 -> 0; class 2: TP 0, FP 0 -> zero_division 0
        Assert.Equal(0.0, p.ClassScore(2));
        Assert.Equal((0.5 + 0 + 0) / 3, p.Result(), Tol);

        var lenient = new Precision(ClassAverage.Macro, zeroDivision: 1);
        lenient.Update(logits, targets);
        Assert.Equal(1.0, lenient.ClassScore(2));
        Assert.Equal((0.5 + 0 + 1) / 3, lenient.Result(), Tol);

        // recall of class 1 (never a target) is zero_division too
        var r = new Recall(ClassAverage.Macro);
        r.Update(logits, targets);
        Assert.Equal(0.0, r.ClassScore(1));
    }

    [Fact]
    public void MacroSkipsClassesThatNeverOccurred()
    {
        // 4 score columns, but class 3 is neither a target nor a prediction: scikit-learn's labels=None averages
        // over classes 0..2 only
        var logits = Tensor.FromArray(new float[,] { { 1, 0, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0, 1, 0 }, { 0, 1, 0, 0 } });
        var r = new Recall(ClassAverage.Macro);
        r.Update(logits, Tensor.FromArray([0f, 1f, 2f, 2f]));
        Assert.Equal((1 + 1 + 0.5) / 3, r.Result(), Tol);
    }

    [Fact]
    public void ConfusionMatrixCountsAndTable()
    {
        var cm = new ConfusionMatrix();
        cm.Update(MetricData.Logits(), MetricData.Targets());
        Assert.Equal(new[,] { { 2, 1, 0 }, { 0, 1, 1 }, { 0, 0, 1 } }, cm.Counts());
        Assert.Equal(4.0 / 6, cm.Result(), Tol);
        Assert.Equal(
            "true \\ pred  cat  dog  bird\n" +
            "cat            2    1     0\n" +
            "dog            0    1     1\n" +
            "bird           0    0     1\n",
            cm.Format(["cat", "dog", "bird"]));
        Assert.StartsWith("true \\ pred  0  1  2\n0            2  1  0\n", cm.Format());
    }

    [Fact]
    public void ConfusionMatrixWeightedAndBinary()
    {
        var cm = new ConfusionMatrix();
        cm.Update(MetricData.Probabilities(), MetricData.BinaryTargets(), Tensor.FromArray([2f, 1f, 3f, 1f, 1f, 0.5f]));
        Assert.Equal(new[,] { { 2, 1 }, { 1, 2 } }, cm.Counts());
        Assert.Equal(new[,] { { 2.0, 3.0 }, { 1.0, 2.5 } }, cm.WeightedCounts());
        Assert.Equal(4.5 / 8.5, cm.Result(), Tol);
        Assert.Contains("2.5", cm.Format(weighted: true));
    }
}
