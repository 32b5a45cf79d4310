namespace Nabla.Tests.Tensors;

/// <summary><see cref="Tensor.ToString"/> prints like PyTorch: aligned rows, 4 decimals or scientific notation, "..." summaries, shape and grad_fn.</summary>
public sealed class FormattingTests
{
    [Fact]
    public void MatrixOfWholeNumbers() =>
        Assert.Equal("tensor([[1., 2.],\n        [3., 4.]], shape=[2, 2])",
                     Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2).ToString());

    [Fact]
    public void FractionsUseFourDecimalsAlignedRight() =>
        Assert.Equal("tensor([ 0.5000,  1.2500, -3.0000], shape=[3])", Tensor.FromArray([0.5f, 1.25f, -3f], 3).ToString());

    [Fact]
    public void WideDynamicRangeSwitchesToScientific()
    {
        Assert.Equal("tensor([1.0000e-05, 1.0000e+00], shape=[2])", Tensor.FromArray([1e-5f, 1f], 2).ToString());
        Assert.Equal("tensor([1.2346e+08, 1.0000e+00], shape=[2])", Tensor.FromArray([123456789f, 1f], 2).ToString());
    }

    [Fact]
    public void ScalarsAndEmptyTensors()
    {
        Assert.Equal("tensor(3., shape=[])", Tensor.Scalar(3f).ToString());
        Assert.Equal("tensor(3.5000, shape=[])", Tensor.Scalar(3.5f).ToString());
        Assert.Equal("tensor([], shape=[0])", Tensor.Zeros(0).ToString());
    }

    [Fact]
    public void NonFiniteValues() =>
        Assert.Equal("tensor([ nan,  inf, -inf,   1.], shape=[4])",
                     Tensor.FromArray([float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1f], 4).ToString());

    [Fact]
    public void ThreeDimensionsSeparateBlocksWithABlankLine()
    {
        var expected =
            "tensor([[[ 0.,  1.,  2.],\n" +
            "         [ 3.,  4.,  5.]],\n" +
            "\n" +
            "        [[ 6.,  7.,  8.],\n" +
            "         [ 9., 10., 11.]]], shape=[2, 2, 3])";
        Assert.Equal(expected, Tensor.Arange(12).Reshape(2, 2, 3).ToString());
    }

    [Fact]
    public void NonContiguousViewsPrintTheirLogicalOrder() =>
        Assert.Equal("tensor([[0., 2.],\n        [1., 3.]], shape=[2, 2])", Tensor.Arange(4).Reshape(2, 2).T.ToString());

    [Fact]
    public void LargeTensorsAreSummarised()
    {
        var s = Tensor.Arange(2000).ToString();
        Assert.StartsWith("tensor([   0.,    1.,    2., ..., 1997., 1998., 1999.]", s);
        Assert.EndsWith(", shape=[2000])", s);

        var m = Tensor.Arange(5000).Reshape(50, 100).ToString();
        var lines = m.Split('\n');
        Assert.Equal(7, lines.Length); // 3 rows, "...", 3 rows
        Assert.Equal("        ...,", lines[3]);
        Assert.Contains("[   0.,    1.,    2., ...,   97.,   98.,   99.]", lines[0]);
        Assert.EndsWith("[4900., 4901., 4902., ..., 4997., 4998., 4999.]], shape=[50, 100])", lines[6]);

        // At the threshold (1000 elements) nothing is elided.
        Assert.DoesNotContain("...", Tensor.Arange(1000).ToString());
    }

    [Fact]
    public void GradientInformation()
    {
        var x = Tensor.FromArray([1f, 2f], 2);
        x.RequiresGrad = true;
        Assert.Equal("tensor([1., 2.], shape=[2], requires_grad=True)", x.ToString());
        Assert.Equal("tensor([2., 4.], shape=[2], grad_fn=<mulBackward>)", (x * 2f).ToString());
        Assert.Equal("tensor(3., shape=[], grad_fn=<sumBackward>)", x.Sum().ToString());
        Assert.EndsWith("grad_fn=<matmulBackward>)", x.Unsqueeze(1).MatMul(x.Unsqueeze(0)).ToString());
        Assert.EndsWith("grad_fn=<expandBackward>)", x.Expand(2, 2).ToString());
        Assert.Equal("<softmaxBackward>", x.Softmax(0).GradFn!.ToString());
        using (global::Nabla.Autograd.NoGrad())
            Assert.Equal("tensor([2., 4.], shape=[2])", (x * 2f).ToString());
    }
}
