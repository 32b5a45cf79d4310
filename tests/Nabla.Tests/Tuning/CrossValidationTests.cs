using Nabla.Data;
using Nabla.Losses;
using Nabla.Nn;
using Nabla.Optim;
using Nabla.Training;
using Nabla.Training.Metrics;
using Nabla.Tuning.Validation;

namespace Nabla.Tests.Tuning;

public class CrossValidationTests
{
    private static LabeledTensorDataset Tiny(int n)
    {
        var x = new float[n * 2];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % 3 == 0 ? 1 : 0; // imbalanced: a third of class 1
            x[i * 2] = y[i] * 2 - 1 + 0.1f * (i % 5);
            x[i * 2 + 1] = i % 7 / 7f;
        }
        return new LabeledTensorDataset(Tensor.FromArray(x, n, 2), Tensor.FromArray(y, n), 2);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FoldsValidateEverySampleExactlyOnce(bool stratified)
    {
        var data = Tiny(30);
        var folds = CrossValidation.Folds(data, k: 4, stratified: stratified, shuffle: true, seed: 2);
        Assert.Equal(4, folds.Length);
        var seen = new int[30];
        foreach (var f in folds)
        {
            foreach (int i in f.Validation) seen[i]++;
            Assert.Empty(f.Train.Intersect(f.Validation));
            Assert.Equal(30, f.Train.Length + f.Validation.Length);
            if (stratified)
                Assert.InRange(f.Validation.Count(i => data.LabelOf(i) == 1), 2, 3); // 10 positives over 4 folds
        }
        Assert.All(seen, c => Assert.Equal(1, c));
    }

    [Fact]
    public void StratifiedNeedsLabels()
    {
        var unlabeled = new TensorDataset(Tensor.Zeros(6, 2), Tensor.Zeros(6));
        var ex = Assert.Throws<ArgumentException>(() => CrossValidation.Folds(unlabeled, 3, stratified: true));
        Assert.Contains("labeled", ex.Message);
    }

    [Fact]
    public void SummaryIsMeanAndSampleStd()
    {
        var data = Tiny(12);
        var folds = CrossValidation.Folds(data, k: 3, shuffle: false);
        double[] scores = [0.5, 0.7, 0.9];
        var result = CrossValidation.Run(folds, f => (new Dictionary<string, double> { ["accuracy"] = scores[f.Index] }, null));
        var acc = result.Summary["accuracy"];
        Assert.Equal(0.7, acc.Mean, 12);
        Assert.Equal(0.2, acc.Std, 12); // sample std (ddof 1): √((0.04 + 0 + 0.04) / 2) = 0.2
        Assert.Equal("accuracy: 0.7000 ± 0.2000", acc.ToString());
        Assert.Contains("0.7000 ± 0.2000", result.ToTable());
        Assert.Equal(0, new MetricSummary("x", [3.0]).Std);
    }

    [Fact]
    public void TrainsAFreshTrainerPerFoldAndEvaluatesOnTheFold()
    {
        var data = Tiny(60);
        var made = new List<int>();
        var result = CrossValidation.Run(data, fold =>
        {
            made.Add(fold);
            var model = new Sequential(new Linear(2, 2, generator: new Generator((ulong)fold)));
            return new Trainer(model, new Sgd(model.Parameters(), lr: 0.5), new CrossEntropyLoss(), [new Accuracy()], seed: 1);
        }, new FitOptions { Epochs = 5, BatchSize = 8, Verbose = 0 }, k: 3, stratified: true, seed: 4);
        Assert.Equal([0, 1, 2], made);
        Assert.Equal(3, result.Folds.Count);
        Assert.All(result.Folds, f => Assert.Equal(5, f.History!["val_accuracy"].Count));
        Assert.All(result.Folds, f => Assert.Equal(f.History!["val_accuracy"][^1], f.Metrics["accuracy"], 6));
        Assert.True(result.Summary["accuracy"].Mean > 0.9, result.ToTable());
        Assert.True(result.Summary.ContainsKey("loss"));
    }
}
