using Nabla.Training.Metrics;

namespace Nabla.Tests.Training.Metrics;

/// <summary>Bad shapes, labels and weights fail at Update with a message naming the metric, the shapes and the fix.</summary>
public sealed class MetricErrorTests
{
    private static void Throws(Action action, params string[] fragments)
    {
        var ex = Assert.Throws<ArgumentException>(action);
        foreach (var f in fragments) Assert.Contains(f, ex.Message);
    }

    [Fact]
    public void TargetShapeMismatch()
    {
        Throws(() => new Accuracy().Update(Tensor.Zeros(4, 3), Tensor.Zeros(5)),
            "accuracy: targets of shape [5] do not match predictions of shape [4, 3]", "pass class indices of shape [4] or one-hot rows of shape [4, 3]");
        Throws(() => new Precision().Update(Tensor.Zeros(4, 3), Tensor.Zeros(4, 2)), "precision: targets of shape [4, 2]");
        Throws(() => new MeanSquaredError().Update(Tensor.Zeros(4), Tensor.Zeros(3)),
            "mse: targets of shape [3] do not match predictions of shape [4]");
        Throws(() => new BinaryAccuracy().Update(Tensor.Zeros(4), Tensor.Zeros(4, 2)), "binary_accuracy: targets of shape [4, 2]");
    }

    [Fact]
    public void TargetsMustBeClassIndices()
    {
        Throws(() => new Accuracy().Update(Tensor.Zeros(3, 3), Tensor.FromArray([0f, 3f, 1f])),
            "accuracy: target 3 at sample 1 is not a class index in [0, 2]");
        Throws(() => new TopKAccuracy(2).Update(Tensor.Zeros(2, 3), Tensor.FromArray([0.5f, 1f])),
            "top_2_accuracy: target 0.5 at sample 0 is not a class index");
        Throws(() => new Recall().Update(Tensor.Zeros(2), Tensor.FromArray([0f, 2f])),
            "recall: target 2 at sample 1 is not a class index in [0, 1] (binary targets must be 0 or 1)");
        Throws(() => new BinaryAccuracy().Update(Tensor.Zeros(2), Tensor.FromArray([0f, 0.9f])),
            "binary_accuracy: target 0.9 at flat index 1 is not 0 or 1");
    }

    [Fact]
    public void WrongPredictionKinds()
    {
        Throws(() => new Accuracy().Update(Tensor.Zeros(4), Tensor.Zeros(4)),
            "accuracy: predictions of shape [4] are not [N, C] class scores with C >= 2", "use BinaryAccuracy");
        Throws(() => new ConfusionMatrix().Update(Tensor.Zeros(2, 3, 4), Tensor.Zeros(2)),
            "confusion_matrix: predictions of shape [2, 3, 4] are neither [N, C] class scores nor [N] / [N, 1] binary scores");
        Throws(() => new MeanAbsoluteError().Update(Tensor.Scalar(1f), Tensor.Scalar(1f)),
            "mae: predictions must have a batch dimension, got a scalar (shape [])");
        Throws(() => new Precision(ClassAverage.Binary).Update(Tensor.Zeros(2, 3), Tensor.Zeros(2)),
            "precision: average Binary needs two classes but predictions of shape [2, 3] have 3; use Macro, Micro or Weighted");
    }

    [Fact]
    public void ClassCountMustNotChangeBetweenBatches()
    {
        var f1 = new F1Score(ClassAverage.Macro);
        f1.Update(Tensor.Zeros(2, 3), Tensor.Zeros(2));
        Throws(() => f1.Update(Tensor.Zeros(2, 4), Tensor.Zeros(2)),
            "f1_score: predictions of shape [2, 4] have 4 classes but earlier batches had 3");
        var auc = new RocAuc();
        auc.Update(Tensor.Zeros(2, 3), Tensor.Zeros(2));
        Throws(() => auc.Update(Tensor.Zeros(2), Tensor.Zeros(2)), "auc: predictions of shape [2] have 1 score columns but earlier batches had 3");
    }

    [Fact]
    public void SampleWeights()
    {
        Throws(() => new Accuracy().Update(Tensor.Zeros(4, 3), Tensor.Zeros(4), Tensor.Ones(3)),
            "accuracy: sample weights of shape [3] do not match the 4 samples of the batch; pass shape [4]");
        Throws(() => new MeanAbsoluteError().Update(Tensor.Zeros(2), Tensor.Zeros(2), Tensor.FromArray([1f, -1f])),
            "mae: sample weight -1 at sample 1 must be finite and non-negative");
        Throws(() => new R2Score().Update(Tensor.Zeros(2), Tensor.Zeros(2), Tensor.FromArray([float.NaN, 1f])),
            "r2: sample weight NaN at sample 0");
        Throws(() => new Mean().Update(1.0, -2), "mean: weight -2 must be finite and non-negative");
    }

    [Fact]
    public void ConstructorArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopKAccuracy(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BinaryAccuracy(threshold: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Precision(threshold: -0.1));
        Assert.Throws<ArgumentException>(() => new Mean(" "));
        var cm = new ConfusionMatrix();
        cm.Update(Tensor.Zeros(2, 3), Tensor.Zeros(2));
        Throws(() => cm.Format(["a", "b"]), "confusion_matrix: 2 labels given for 3 classes");
    }
}

/// <summary>Metric.FromName maps Keras-style names to metrics with default settings.</summary>
public sealed class MetricFromNameTests
{
    [Theory]
    [InlineData("accuracy", typeof(Accuracy), "accuracy")]
    [InlineData("ACC", typeof(Accuracy), "accuracy")]
    [InlineData("top_k_accuracy", typeof(TopKAccuracy), "top_5_accuracy")]
    [InlineData("top_3_accuracy", typeof(TopKAccuracy), "top_3_accuracy")]
    [InlineData("binary_accuracy", typeof(BinaryAccuracy), "binary_accuracy")]
    [InlineData("precision", typeof(Precision), "precision")]
    [InlineData("recall", typeof(Recall), "recall")]
    [InlineData("f1", typeof(F1Score), "f1_score")]
    [InlineData("confusion_matrix", typeof(ConfusionMatrix), "confusion_matrix")]
    [InlineData("auc", typeof(RocAuc), "auc")]
    [InlineData("mae", typeof(MeanAbsoluteError), "mae")]
    [InlineData("mse", typeof(MeanSquaredError), "mse")]
    [InlineData("rmse", typeof(RootMeanSquaredError), "rmse")]
    [InlineData("r2", typeof(R2Score), "r2")]
    [InlineData("mean", typeof(Mean), "mean")]
    public void KnownNames(string name, Type type, string display)
    {
        var m = Metric.FromName(name);
        Assert.IsType(type, m);
        Assert.Equal(display, m.Name);
    }

    [Theory]
    [InlineData("accuracyy")]
    [InlineData("top_0_accuracy")]
    [InlineData("top_x_accuracy")]
    public void UnknownNamesListTheChoices(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => Metric.FromName(name));
        Assert.Contains($"metric '{name}' is unknown; use one of accuracy, top_k_accuracy", ex.Message);
    }
}
