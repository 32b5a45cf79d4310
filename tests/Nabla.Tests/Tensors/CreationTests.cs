namespace Nabla.Tests.Tensors;

/// <summary>Factory methods: constant fills, ranges, identity, arrays of every rank, scalars.</summary>
public sealed class CreationTests
{
    private static void AssertTensor(float[] expected, int[] shape, Tensor actual)
    {
        Assert.Equal(shape, actual.Shape.ToArray());
        Assert.Equal(expected, actual.ToArray());
        Assert.True(actual.IsContiguous);
        Assert.True(actual.IsLeaf);
        Assert.False(actual.RequiresGrad);
        Assert.Null(actual.Grad);
    }

    [Fact]
    public void ZerosOnesFull()
    {
        AssertTensor(new float[6], [2, 3], Tensor.Zeros(2, 3));
        AssertTensor([1f, 1f, 1f, 1f], [4], Tensor.Ones(4));
        AssertTensor([2.5f, 2.5f, 2.5f, 2.5f, 2.5f, 2.5f, 2.5f, 2.5f], [2, 2, 2], Tensor.Full(2.5f, 2, 2, 2));
        var full = Tensor.Full(float.NegativeInfinity, 3);
        Assert.All(full.ToArray(), v => Assert.Equal(float.NegativeInfinity, v));
    }

    [Fact]
    public void ZerosLikeAndOnesLikeCopyTheShapeOfAView()
    {
        var view = Tensor.Ones(3, 4).T;
        AssertTensor(new float[12], [4, 3], Tensor.ZerosLike(view));
        Assert.All(Tensor.OnesLike(view).ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void ZeroSizedShapes()
    {
        var empty = Tensor.Zeros(0, 3);
        Assert.Equal([0, 3], empty.Shape.ToArray());
        Assert.Equal(0, empty.Numel);
        Assert.Empty(empty.ToArray());
        Assert.Equal(0f, empty.Sum().Item());
    }

    [Fact]
    public void ScalarIsZeroDimensional()
    {
        var s = Tensor.Scalar(-1.5f);
        Assert.Equal(0, s.Rank);
        Assert.Equal(1, s.Numel);
        Assert.True(s.Shape.IsEmpty);
        Assert.Equal(-1.5f, s.Item());
        Assert.Equal(-1.5f, s[ReadOnlySpan<int>.Empty]);
        Assert.Equal([-1.5f], s.ToArray());
    }

    [Fact]
    public void ItemReadsAnyOneElementTensor()
    {
        Assert.Equal(7f, Tensor.Full(7f, 1, 1, 1).Item());
        Assert.Equal(5f, Tensor.Arange(6).Reshape(2, 3).Select(0, 1).Select(0, 2).Item());
    }

    [Fact]
    public void Arange()
    {
        AssertTensor([0f, 1f, 2f, 3f, 4f], [5], Tensor.Arange(5));
        AssertTensor([1f, 1.25f, 1.5f, 1.75f], [4], Tensor.Arange(1f, 2f, 0.25f));
        AssertTensor([3f, 1f, -1f], [3], Tensor.Arange(3f, -2f, -2f));
        AssertTensor([0f, 0.3f, 0.6f, 0.90000004f], [4], Tensor.Arange(0f, 1f, 0.3f));
        Assert.Equal(0, Tensor.Arange(0).Numel);
        Assert.Equal(0, Tensor.Arange(2f, 2f).Numel);
    }

    [Fact]
    public void ArangeRejectsBadSteps()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Arange(0f, 1f, 0f));
        Assert.Contains("arange: step must be finite and non-zero", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Tensor.Arange(0f, 5f, -1f));
        Assert.Contains("cannot reach end 5 from start 0 with step -1", ex.Message);
        Assert.Throws<ArgumentException>(() => Tensor.Arange(0f, 1f, float.NaN));
    }

    [Fact]
    public void LinspaceHitsBothEndsExactly()
    {
        AssertTensor([0f, 0.25f, 0.5f, 0.75f, 1f], [5], Tensor.Linspace(0f, 1f, 5));
        AssertTensor([2f, -1f], [2], Tensor.Linspace(2f, -1f, 2));
        Assert.Equal(0, Tensor.Linspace(0f, 1f, 0).Numel);
        var many = Tensor.Linspace(-0.7f, 0.3f, 101).ToArray();
        Assert.Equal(-0.7f, many[0]);
        Assert.Equal(0.3f, many[^1]);
        for (int i = 0; i < many.Length; i++) Assert.Equal(-0.7 + i * 0.01, many[i], 1e-6);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Linspace(0f, 1f, -1));
        Assert.Contains("linspace: steps must be non-negative, got -1", ex.Message);
    }

    [Fact]
    public void LinspaceWithOneStepGivesStart() => AssertTensor([3f], [1], Tensor.Linspace(3f, 9f, 1));

    [Fact]
    public void Eye()
    {
        AssertTensor([1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 1f], [3, 3], Tensor.Eye(3));
        AssertTensor([1f, 0f, 0f, 0f, 1f, 0f], [2, 3], Tensor.Eye(2, 3));
        AssertTensor([1f, 0f, 0f, 1f, 0f, 0f], [3, 2], Tensor.Eye(3, 2));
    }

    [Fact]
    public void FromSpanWithAndWithoutShape()
    {
        AssertTensor([1f, 2f, 3f], [3], Tensor.FromArray([1f, 2f, 3f]));
        AssertTensor([1f, 2f, 3f, 4f, 5f, 6f], [2, 3], Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3));
        AssertTensor([9f], [], Tensor.FromArray([9f]));
        AssertTensor([9f], [1], Tensor.FromArray([9f], 1));
        ReadOnlySpan<float> span = stackalloc float[] { 4f, 5f, 6f, 7f };
        AssertTensor([5f, 6f], [2, 1], Tensor.FromArray(span[1..3], 2, 1));
    }

    [Fact]
    public void FromArrayCopiesTheData()
    {
        var data = new[] { 1f, 2f, 3f };
        var t = Tensor.FromArray(data, 3);
        data[0] = 100f;
        Assert.Equal(1f, t[0]);
    }

    [Fact]
    public void FromMultidimensionalArrays()
    {
        var m = new float[,] { { 1f, 2f, 3f }, { 4f, 5f, 6f } };
        AssertTensor([1f, 2f, 3f, 4f, 5f, 6f], [2, 3], Tensor.FromArray(m));

        var c = new float[2, 1, 3];
        for (int i = 0; i < 2; i++)
            for (int k = 0; k < 3; k++) c[i, 0, k] = 10 * i + k;
        AssertTensor([0f, 1f, 2f, 10f, 11f, 12f], [2, 1, 3], Tensor.FromArray(c));

        var four = new float[1, 2, 1, 2] { { { { 1f, 2f } }, { { 3f, 4f } } } };
        AssertTensor([1f, 2f, 3f, 4f], [1, 2, 1, 2], Tensor.FromArray(four));

        AssertTensor([], [0, 4], Tensor.FromArray(new float[0, 4]));
    }

    [Fact]
    public void FromArrayRejectsWrongElementTypesAndCounts()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new int[2, 2]));
        Assert.Contains("expected an array of float", ex.Message);
        Assert.Contains("Int32", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Tensor.FromArray(new double[3, 1]));
        Assert.Contains("expected an array of float", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => Tensor.FromArray([1f, 2f, 3f, 4f, 5f], 2, 3));
        Assert.Contains("FromArray: 5 values cannot fill shape [2, 3] (6 elements)", ex.Message);
        Assert.Throws<ArgumentNullException>(() => Tensor.FromArray((Array)null!));
    }

    [Fact]
    public void ShapeMetadata()
    {
        var t = Tensor.Zeros(2, 3, 4);
        Assert.Equal(3, t.Rank);
        Assert.Equal(24, t.Numel);
        Assert.Equal([12, 4, 1], t.Strides.ToArray());
        Assert.Equal(0, t.Offset);
        Assert.Equal(4, t.Size(2));
        Assert.Equal(4, t.Size(-1));
        Assert.Equal(2, t.Size(-3));
    }

    [Fact]
    public void EightDimensionsAreTheLimit()
    {
        var eight = Tensor.Zeros(1, 1, 1, 1, 1, 1, 1, 2);
        Assert.Equal(8, eight.Rank);
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(1, 1, 1, 1, 1, 1, 1, 1, 2));
        Assert.Contains("at most 8 dimensions; got 9", ex.Message);
    }

    [Fact]
    public void NegativeSizesAreRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, -3));
        Assert.Contains("shape [2, -3] has a negative size", ex.Message);
    }

    [Fact]
    public void CloneIsAContiguousIndependentCopy()
    {
        var a = Tensor.Arange(6).Reshape(2, 3);
        var view = a.T;
        var copy = view.Clone();
        Assert.True(copy.IsContiguous);
        Assert.Equal(view.ToArray(), copy.ToArray());
        copy[0, 0] = 42f;
        Assert.Equal(0f, a[0, 0]);
        Assert.Same(a, a.Contiguous());
        Assert.NotSame(view, view.Contiguous());
    }

    [Fact]
    public void InPlaceFillsCopiesAndAdds()
    {
        var t = Tensor.Zeros(2, 3);
        t.Fill(2f);
        Assert.All(t.ToArray(), v => Assert.Equal(2f, v));
        t.CopyFrom(Tensor.FromArray([1f, 2f, 3f]));
        Assert.Equal([1f, 2f, 3f, 1f, 2f, 3f], t.ToArray());
        t.AddInPlace(Tensor.FromArray([10f, 20f], 2, 1), alpha: 0.5f);
        Assert.Equal([6f, 7f, 8f, 11f, 12f, 13f], t.ToArray());
        t.MulInPlace(2f);
        Assert.Equal([12f, 14f, 16f, 22f, 24f, 26f], t.ToArray());
        t.Zero();
        Assert.All(t.ToArray(), v => Assert.Equal(0f, v));

        var ex = Assert.Throws<ArgumentException>(() => t.CopyFrom(Tensor.Ones(4)));
        Assert.Contains("copy: source of shape [4] cannot be broadcast to [2, 3]", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => t.AddInPlace(Tensor.Ones(3, 3)));
        Assert.Contains("add: shape [3, 3] cannot be broadcast to [2, 3]", ex.Message);
    }

    [Fact]
    public void InPlaceOpsWriteThroughStridedViews()
    {
        var t = Tensor.Zeros(3, 4);
        t.Slice(1, 0, 4, 2).Fill(1f);
        t.T.Select(0, 3).CopyFrom(Tensor.FromArray([7f, 8f, 9f]));
        Assert.Equal([1f, 0f, 1f, 7f, 1f, 0f, 1f, 8f, 1f, 0f, 1f, 9f], t.ToArray());
    }
}
