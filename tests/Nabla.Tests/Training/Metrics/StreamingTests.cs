using Nabla.Training.Metrics;

namespace Nabla.Tests.Training.Metrics;

/// <summary>
/// Every metric gives the same result streamed over uneven batches as over one batch, and integer sample weights
/// give the same result as repeating the samples that many times.
/// </summary>
public sealed class StreamingTests
{
    /// <summary>Batches are summed in the same order as one big batch, so only last-bit differences are allowed.</summary>
    private const double Tol = 1e-12;

    private const int N = 29;
    private const int Classes = 4;

    private static readonly int[] BatchSizes = [8, 8, 8, 5];

    public enum Task { MultiClass, Binary, Regression }

    public static TheoryData<string> MetricNames =>
    [
        "mean", "accuracy", "top_2_accuracy", "binary_accuracy", "precision_macro", "precision_micro", "recall_weighted",
        "f1_macro", "f1_binary", "confusion_matrix", "auc_binary", "auc_multi", "mae", "mse", "rmse", "r2",
    ];

    private static (Metric Metric, Task Task) Make(string name) => name switch
    {
        "mean" => (new Mean(), Task.Regression),
        "accuracy" => (new Accuracy(), Task.MultiClass),
        "top_2_accuracy" => (new TopKAccuracy(2), Task.MultiClass),
        "binary_accuracy" => (new BinaryAccuracy(), Task.Binary),
        "precision_macro" => (new Precision(ClassAverage.Macro), Task.MultiClass),
        "precision_micro" => (new Precision(ClassAverage.Micro), Task.MultiClass),
        "recall_weighted" => (new Recall(ClassAverage.Weighted), Task.MultiClass),
        "f1_macro" => (new F1Score(ClassAverage.Macro), Task.MultiClass),
        "f1_binary" => (new F1Score(), Task.Binary),
        "confusion_matrix" => (new ConfusionMatrix(), Task.MultiClass),
        "auc_binary" => (new RocAuc(), Task.Binary),
        "auc_multi" => (new RocAuc(fromLogits: true), Task.MultiClass),
        "mae" => (new MeanAbsoluteError(), Task.Regression),
        "mse" => (new MeanSquaredError(), Task.Regression),
        "rmse" => (new RootMeanSquaredError(), Task.Regression),
        "r2" => (new R2Score(), Task.Regression),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static (Tensor Prediction, Tensor Target) Data(Task task)
    {
        var g = new Generator(2024);
        return task switch
        {
            Task.MultiClass => (Tensor.Normal([N, Classes], generator: g),
                Tensor.FromArray(Tensor.Uniform([N], 0, Classes, g).ToArray().Select(MathF.Floor).ToArray())),
            Task.Binary => (Tensor.Uniform([N], generator: g), Tensor.Bernoulli([N], 0.5f, g)),
            _ => (Tensor.Normal([N, 2], generator: g), Tensor.Normal([N, 2], generator: g)),
        };
    }

    private static Tensor Weights() => Tensor.FromArray(Enumerable.Range(0, N).Select(i => (float)(i % 3)).ToArray());

    [Theory]
    [MemberData(nameof(MetricNames))]
    public void UnevenBatchesEqualOneBatch(string name)
    {
        var (whole, task) = Make(name);
        var (streamed, _) = Make(name);
        var (pred, target) = Data(task);
        var weights = Weights();
        whole.Update(pred, target, weights);

        int start = 0;
        foreach (int size in BatchSizes)
        {
            streamed.Update(MetricData.Rows(pred, start, size), MetricData.Rows(target, start, size), MetricData.Rows(weights, start, size));
            start += size;
        }
        Assert.Equal(N, start);
        Assert.False(double.IsNaN(whole.Result()));
        Assert.Equal(whole.Result(), streamed.Result(), Tol);
    }

    [Theory]
    [MemberData(nameof(MetricNames))]
    public void IntegerWeightsEqualRepeatedSamples(string name)
    {
        var (weighted, task) = Make(name);
        var (repeated, _) = Make(name);
        var (pred, target) = Data(task);
        int[] times = Enumerable.Range(0, N).Select(i => 1 + i % 3).ToArray();
        weighted.Update(pred, target, Tensor.FromArray(times.Select(t => (float)t).ToArray()));
        repeated.Update(MetricData.Repeat(pred, times), MetricData.Repeat(target, times));
        Assert.Equal(repeated.Result(), weighted.Result(), 1e-9);
    }

    [Theory]
    [MemberData(nameof(MetricNames))]
    public void ResetThenUpdateEqualsAFreshMetric(string name)
    {
        var (reused, task) = Make(name);
        var (fresh, _) = Make(name);
        var (pred, target) = Data(task);
        reused.Update(pred, target, Weights());
        reused.Reset();
        reused.Update(MetricData.Rows(pred, 3, 20), MetricData.Rows(target, 3, 20));
        fresh.Update(MetricData.Rows(pred, 3, 20), MetricData.Rows(target, 3, 20));
        Assert.Equal(fresh.Result(), reused.Result());
    }
}
