namespace Nabla.Tests.Tensors;

/// <summary>Embedding and nearest-upsampling behaviour not covered by the PyTorch fixtures: error messages and gradient routing.</summary>
public sealed class EmbeddingUpsampleTests
{
    private static void Throws(Action action, string fragment)
    {
        var e = Assert.Throws<ArgumentException>(action);
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void OutOfRangeIndexIsNamedWithItsPosition()
    {
        var weight = Tensor.Zeros(10, 4);
        Throws(() => Tensor.Embedding(Tensor.FromArray([1f, 2f, 3f, 12f, 0f, 1f], 2, 3), weight),
            "embedding: index 12 at position [1, 0] of indices [2, 3] is out of range for a weight with 10 rows (expected 0..9)");
        Throws(() => Tensor.Embedding(Tensor.FromArray([-1f], 1), weight), "index -1 at position [0]");
        Throws(() => Tensor.Embedding(Tensor.FromArray([1.5f], 1), weight), "index 1.5 at position [0] of indices [1] is not a whole number");
        Throws(() => Tensor.Embedding(Tensor.FromArray([1f]), weight, paddingIndex: 10), "embedding: paddingIndex 10 is out of range");
        Throws(() => Tensor.Embedding(Tensor.FromArray([1f]), Tensor.Zeros(10)), "embedding: weight must be [numEmbeddings, dim], got shape [10]");
    }

    [Fact]
    public void RepeatedIndicesAccumulateAndThePaddingRowGetsNothing()
    {
        var weight = Tensor.Ones(4, 2);
        weight.RequiresGrad = true;
        var y = Tensor.Embedding(Tensor.FromArray([1f, 1f, 3f, 2f, 1f]), weight, paddingIndex: 3);
        Assert.Equal([5, 2], y.Shape.ToArray());
        y.Sum().Backward();
        Assert.Equal([0f, 0f, 3f, 3f, 1f, 1f, 0f, 0f], weight.Grad!.ToArray());
    }

    [Fact]
    public void ScalarIndexGivesOneRow()
    {
        var weight = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        Assert.Equal([3f, 4f], Tensor.Embedding(Tensor.Scalar(1f), weight).ToArray());
    }

    [Fact]
    public void UpsampleErrors()
    {
        Throws(() => Tensor.UpsampleNearest2d(Tensor.Ones(2, 3, 4)), "upsample_nearest2d: input must be [N, C, H, W], got shape [2, 3, 4]");
        Throws(() => Tensor.UpsampleNearest2d(Tensor.Ones(1, 1, 2, 2)), "give exactly one of size and scaleFactor");
        Throws(() => Tensor.UpsampleNearest2d(Tensor.Ones(1, 1, 2, 2), (4, 4), (2f, 2f)), "give exactly one of size and scaleFactor");
        Throws(() => Tensor.UpsampleNearest2d(Tensor.Ones(1, 1, 2, 2), scaleFactor: (0.2f, 1f)), "output size (0, 2)");
    }

    [Fact]
    public void ActivationsAndPreluErrors()
    {
        Throws(() => Tensor.Ones(2).Hardtanh(1f, -1f), "hardtanh: min 1 is greater than max -1");
        Throws(() => Tensor.Prelu(Tensor.Ones(2, 4), Tensor.Ones(3)),
            "prelu: weight of shape [3] needs an input with 3 channels in dimension 1, got input [2, 4]");
        Throws(() => Tensor.Prelu(Tensor.Ones(2, 4), Tensor.Ones(1, 4)), "prelu: weight must be [1] or [C]");
    }
}
