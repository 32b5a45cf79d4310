using Nabla.Data;
using Nabla.Data.Augment;

namespace Nabla.Tests.Data;

/// <summary>The in-memory datasets and the wrappers: samples, labels and error messages.</summary>
public sealed class DatasetTests
{
    private static LabeledTensorDataset Labeled(int n = 6) =>
        new(Tensor.Arange(n * 4).Reshape(n, 2, 2), Tensor.FromArray(Enumerable.Range(0, n).Select(i => (float)(i % 2)).ToArray()), 2);

    private static (float[] X, float[] Y) Sample(IDataset d, int i)
    {
        var x = new float[ShapeSize(d.InputShape)];
        var y = new float[ShapeSize(d.TargetShape)];
        d.CopySample(i, x, y);
        return (x, y);
    }

    private static int ShapeSize(ReadOnlySpan<int> shape)
    {
        int n = 1;
        foreach (int s in shape) n *= s;
        return n;
    }

    [Fact]
    public void TensorDatasetCopiesRows()
    {
        var d = new TensorDataset(Tensor.Arange(12).Reshape(3, 4), Tensor.Arange(6).Reshape(3, 2));
        Assert.Equal(3, d.Count);
        Assert.Equal([4], d.InputShape.ToArray());
        Assert.Equal([2], d.TargetShape.ToArray());
        var (x, y) = Sample(d, 2);
        Assert.Equal([8f, 9f, 10f, 11f], x);
        Assert.Equal([4f, 5f], y);
    }

    [Fact]
    public void StridedTensorsAreReadInLogicalOrder()
    {
        // The strided inputs are copied into memory no scope recycles, so they outlive the scope they came from.
        var targets = Tensor.Arange(3);
        TensorDataset d;
        using (TensorScope.Enter()) d = new TensorDataset(Tensor.Arange(6).Reshape(2, 3).T, targets);
        Assert.Equal([1f, 4f], Sample(d, 1).X);
    }

    [Fact]
    public void LabeledDatasetChecksItsLabels()
    {
        var d = Labeled();
        Assert.Equal(2, d.ClassCount);
        Assert.Equal(1, d.LabelOf(3));
        Assert.Empty(d.TargetShape.ToArray());
        var ex = Assert.Throws<ArgumentException>(() => new LabeledTensorDataset(Tensor.Zeros(2, 3), Tensor.FromArray([0f, 2.5f]), 3));
        Assert.Contains("LabeledTensorDataset: target 2.5 of sample 1 is not a class index in 0..2", ex.Message);
        var mismatch = Assert.Throws<ArgumentException>(() => new TensorDataset(Tensor.Zeros(4, 3), Tensor.Zeros(5)));
        Assert.Contains("TensorDataset: inputs [4, 3] hold 4 samples but targets [5] hold 5", mismatch.Message);
    }

    [Fact]
    public void CopySampleChecksIndexAndSpans()
    {
        var d = Labeled();
        Assert.Contains("sample index 6 is outside 0..5",
            Assert.Throws<ArgumentOutOfRangeException>(() => d.CopySample(6, new float[4], new float[1])).Message);
        Assert.Contains("the input span holds 3 values but a sample has 4",
            Assert.Throws<ArgumentException>(() => d.CopySample(0, new float[3], new float[1])).Message);
    }

    [Fact]
    public void SubsetKeepsLabels()
    {
        var s = Subset.Create(Labeled(), [5, 0, 5]);
        var labeled = Assert.IsType<LabeledSubset>(s);
        Assert.Equal(3, s.Count);
        Assert.Equal([1, 0, 1], Enumerable.Range(0, 3).Select(labeled.LabelOf));
        Assert.Equal([20f, 21f, 22f, 23f], Sample(s, 2).X);
        var plain = Subset.Create(new TensorDataset(Tensor.Zeros(3, 1), Tensor.Zeros(3)), [1]);
        Assert.IsNotAssignableFrom<ILabeledDataset>(plain);
        Assert.Contains("Subset: index 9 at position 1 is outside 0..5",
            Assert.Throws<ArgumentOutOfRangeException>(() => Subset.Create(Labeled(), [0, 9])).Message);
    }

    [Fact]
    public void ConcatJoinsInOrder()
    {
        var c = ConcatDataset.Create(Labeled(2), Subset.Create(Labeled(), []), Labeled(3));
        var labeled = Assert.IsType<LabeledConcatDataset>(c);
        Assert.Equal(5, c.Count);
        Assert.Equal([0, 1, 0, 1, 0], Enumerable.Range(0, 5).Select(labeled.LabelOf));
        Assert.Equal([0f, 1f, 2f, 3f], Sample(c, 2).X);
        Assert.Equal([8f, 9f, 10f, 11f], Sample(c, 4).X);
        var ex = Assert.Throws<ArgumentException>(() => ConcatDataset.Create(Labeled(), new TensorDataset(Tensor.Zeros(2, 3), Tensor.Zeros(2))));
        Assert.Contains("dataset 1 has input [3] and target [], but dataset 0 has input [2, 2]", ex.Message);
    }

    [Fact]
    public void AugmentedDatasetIsStableWithinAnEpoch()
    {
        var d = AugmentedDataset.Create(new TensorDataset(Tensor.Zeros(4, 1, 3, 3), Tensor.Zeros(4)), new GaussianNoise(0.1, clip: false), seed: 5);
        var first = Sample(d, 1).X;
        Assert.Equal(first, Sample(d, 1).X);
        Assert.NotEqual(first, Sample(d, 2).X);
        d.Epoch = 1;
        Assert.NotEqual(first, Sample(d, 1).X);
        Assert.IsType<LabeledAugmentedDataset>(AugmentedDataset.Create(Labeled(), new RandomHorizontalFlip()));
    }
}
