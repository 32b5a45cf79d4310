using Nabla.Data;
using Nabla.Data.Sampling;
using Nabla.Data.Splits;

namespace Nabla.Tests.Data.Splits;

/// <summary>Hold-out splits, k-fold and stratified k-fold: coverage, sizes and class ratios.</summary>
public sealed class SplitTests
{
    // 51 / 39 / 13 samples of classes 0, 1, 2, interleaved.
    private static readonly int[] Labels = [.. Enumerable.Range(0, 103).Select(i => i < 39 ? i % 3 : i < 90 ? i % 2 : 0)];

    private static LabeledTensorDataset Data() =>
        new(Tensor.Arange(103).Reshape(103, 1), Tensor.FromArray(Labels.Select(l => (float)l).ToArray()), 3);

    [Theory]
    [InlineData(2, false)]
    [InlineData(5, true)]
    [InlineData(7, false)]
    public void KFoldValidatesEveryIndexExactlyOnce(int k, bool shuffle)
    {
        var folds = new KFold(k, shuffle, seed: 3).Split(103);
        Assert.Equal(k, folds.Length);
        Assert.Equal(Enumerable.Range(0, 103), folds.SelectMany(f => f.Validation).Order());
        foreach (var f in folds)
        {
            Assert.Equal(Enumerable.Range(0, 103), f.Train.Concat(f.Validation).Order());
            Assert.InRange(f.Validation.Length, 103 / k, 103 / k + 1);
        }
        // scikit-learn: the first n mod k folds get one more sample.
        Assert.Equal(Enumerable.Range(0, k).Select(i => 103 / k + (i < 103 % k ? 1 : 0)), folds.Select(f => f.Validation.Length));
        if (!shuffle) Assert.Equal(Enumerable.Range(0, 103 / k + 1), folds[0].Validation);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StratifiedFoldsKeepClassRatios(bool shuffle)
    {
        var folds = new StratifiedKFold(5, shuffle, seed: 1).Split(Data());
        Assert.Equal(Enumerable.Range(0, 103), folds.SelectMany(f => f.Validation).Order());
        var total = ClassWeights.Counts(Labels, 3);
        foreach (var f in folds)
        {
            var counts = ClassWeights.Counts(f.Validation.Select(i => Labels[i]).ToArray(), 3);
            for (int c = 0; c < 3; c++) Assert.InRange(counts[c], total[c] / 5, total[c] / 5 + 1);
            Assert.InRange(f.Validation.Length, 20, 21);
        }
    }

    [Fact]
    public void KFoldRejectsTooFewSamples()
    {
        Assert.Contains("cannot make 5 folds from 3 samples", Assert.Throws<ArgumentException>(() => new KFold(5).Split(3)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StratifiedKFold(1));
    }

    [Fact]
    public void TrainValidationSplitSizesAndDisjointness()
    {
        var (train, val) = Split.TrainValidation(Data(), 0.2, seed: 4);
        Assert.Equal(21, val.Count); // ceil(0.2 * 103)
        Assert.Equal(82, train.Count);
        Assert.Empty(train.Indices.ToArray().Intersect(val.Indices.ToArray()));
        Assert.IsType<LabeledSubset>(train);
        var (_, last) = Split.TrainValidation(Data(), 0.2, shuffle: false);
        Assert.Equal(Enumerable.Range(82, 21), last.Indices.ToArray());
    }

    [Fact]
    public void StratifiedSplitKeepsClassShares()
    {
        var (train, val) = Split.TrainValidation(Data(), 0.25, stratified: true, seed: 2);
        Assert.Equal(26, val.Count);
        var counts = ClassWeights.Counts(ClassWeights.Labels((ILabeledDataset)val), 3);
        var total = ClassWeights.Counts(Labels, 3);
        for (int c = 0; c < 3; c++)
            Assert.InRange(counts[c], (int)Math.Floor(26.0 * total[c] / 103), (int)Math.Ceiling(26.0 * total[c] / 103));
        Assert.Equal(103, train.Count + val.Count);
        var unlabeled = new TensorDataset(Tensor.Zeros(4, 1), Tensor.Zeros(4));
        Assert.Contains("stratified splitting needs a labeled dataset",
            Assert.Throws<ArgumentException>(() => Split.TrainValidation(unlabeled, 0.5, stratified: true)).Message);
    }

    [Fact]
    public void RandomSplitByLengthsAndFractions()
    {
        var parts = Split.Random(Data(), [50, 50, 3], seed: 5);
        Assert.Equal([50, 50, 3], parts.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(0, 103), parts.SelectMany(p => p.Indices.ToArray()).Order());
        var byFraction = Split.Random(Data(), [0.5, 0.3, 0.2], seed: 5);
        Assert.Equal([52, 31, 20], byFraction.Select(p => p.Count));
        Assert.Contains("the lengths add up to 102 but the dataset has 103 samples",
            Assert.Throws<ArgumentException>(() => Split.Random(Data(), [100, 2])).Message);
    }
}
