namespace Nabla.Tests.Tensors;

/// <summary>0-dimensional tensors and tensors with a zero-sized dimension, forward and backward (PyTorch semantics).</summary>
public sealed class EdgeShapeTests
{
    [Fact]
    public void ZeroDimensionalTensorsInReductionsAndShapeOps()
    {
        var s = Tensor.Scalar(2f);
        Assert.Equal(2f, s.Sum().Item());
        Assert.Equal(2f, s.Sum(0).Item()); // PyTorch accepts dim 0 / -1 for a 0-d reduction
        Assert.Equal(2f, s.Mean(-1).Item());
        Assert.Equal(2f, s.Max(0).Values.Item());
        Assert.Equal(0f, s.Max(0).Indices.Item());
        Assert.Equal(1f, s.Softmax(0).Item());
        Assert.Equal([1], s.Flatten().Shape.ToArray());
        Assert.Equal([1], s.Unsqueeze(0).Shape.ToArray());
        Assert.Equal(0, s.Squeeze().Rank);
        Assert.Equal(0, s.Permute().Rank);
        Assert.Same(s, s.T);
        Assert.Equal([2f, 2f, 2f, 2f], s.Expand(2, 2).ToArray());
        Assert.Equal([2f, 5f], Tensor.Stack([s, Tensor.Scalar(5f)]).ToArray());
        Assert.True(float.IsNaN(s.Std().Item())); // unbiased estimate of one value
    }

    [Fact]
    public void ZeroDimensionalGradients()
    {
        var s = Tensor.Scalar(3f);
        s.RequiresGrad = true;
        (s.Expand(2, 3) * Tensor.Arange(6).Reshape(2, 3)).Sum().Backward();
        Assert.Equal(15f, s.Grad!.Item());
        Assert.Equal(0, s.Grad.Rank);
        s.Grad = null;
        s.Max(0).Values.MulScalar(4f).Backward();
        Assert.Equal(4f, s.Grad!.Item());
    }

    [Fact]
    public void EmptyTensors()
    {
        var e = Tensor.Zeros(0, 3);
        Assert.Equal([0f, 0f, 0f], e.Sum(0).ToArray());
        Assert.Equal([0], e.Sum(1).Shape.ToArray());
        Assert.True(float.IsNaN(e.Mean().Item()));
        Assert.Equal([2, 3], Tensor.Concat([e, Tensor.Ones(2, 3)]).Shape.ToArray());
        Assert.Single(Tensor.Zeros(0).Split(2));
        Assert.Equal([0, 2], e.MatMul(Tensor.Ones(3, 2)).Shape.ToArray());
        Assert.Equal(0f, Tensor.Zeros(0).MatMul(Tensor.Zeros(0)).Item());
        Assert.True(e.IsContiguous);
        Assert.True(e.T.Contiguous().IsContiguous);
        Assert.Equal([0, 5], e.Pad([1, 1]).Shape.ToArray());
    }

    [Fact]
    public void BackwardThroughAnEmptyTensor()
    {
        var x = Tensor.Zeros(0, 3);
        x.RequiresGrad = true;
        x.Exp().Sum().Backward();
        Assert.Equal([0, 3], x.Grad!.Shape.ToArray());
    }

    [Fact]
    public void MatMulWithAnEmptyInnerDimensionGivesZeros()
    {
        Assert.Equal(new float[6], Tensor.Zeros(2, 0).MatMul(Tensor.Zeros(0, 3)).ToArray());
        Assert.Equal(new float[12], Tensor.Zeros(2, 2, 0).MatMul(Tensor.Zeros(2, 0, 3)).ToArray());
        Assert.Equal([0, 2, 4], Tensor.Zeros(0, 2, 3).MatMul(Tensor.Zeros(3, 4)).Shape.ToArray());
    }

    [Fact]
    public void MatMulWithZeroOutputColumnsAndItsBackward()
    {
        Assert.Equal([2, 0], Tensor.Ones(2, 3).MatMul(Tensor.Zeros(3, 0)).Shape.ToArray());
        Assert.Equal([0, 0], Tensor.Zeros(0, 0).MatMul(Tensor.Zeros(0, 0)).Shape.ToArray());
        var x = Tensor.Zeros(2, 0);
        x.RequiresGrad = true;
        x.MatMul(Tensor.Ones(0, 3)).Sum().Backward();
        Assert.Equal([2, 0], x.Grad!.Shape.ToArray());
    }

    [Fact]
    public void SizeOfAZeroDimensionalTensorThrows() =>
        Assert.ThrowsAny<ArgumentException>(() => Tensor.Scalar(1f).Size(0));

    public static TheoryData<string> ZeroDimensionalIndexingOps => ["select", "narrow", "slice", "split", "concat"];

    [Theory]
    [MemberData(nameof(ZeroDimensionalIndexingOps))]
    public void ZeroDimensionalIndexingOpsFailWithAClearMessage(string op)
    {
        var s = Tensor.Scalar(1f);
        Action action = op switch
        {
            "select" => () => s.Select(0, 0),
            "narrow" => () => s.Narrow(0, 0, 1),
            "slice" => () => s.Slice(0, 0),
            "split" => () => s.Split(1),
            _ => () => Tensor.Concat([s, s]),
        };
        var ex = Assert.Throws<ArgumentException>(action);
        Assert.Contains($"{op}: cannot be applied to a 0-dimensional tensor", ex.Message);
    }
}
