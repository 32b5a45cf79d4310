namespace Nabla.Tests.Tensors;

/// <summary>Reading tensors back into arrays and spans, for contiguous tensors and for every kind of strided view.</summary>
public sealed class ConversionTests
{
    private static Tensor Grid(int rows, int cols) => Tensor.Arange(rows * cols).Reshape(rows, cols);

    [Fact]
    public void ToArrayIsRowMajor()
    {
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], Grid(2, 3).ToArray());
        Assert.Equal([3f], Tensor.Scalar(3f).ToArray());
        Assert.Empty(Tensor.Zeros(2, 0).ToArray());
    }

    [Fact]
    public void ToArrayOfNonContiguousViews()
    {
        var g = Grid(3, 4); // [[0 1 2 3] [4 5 6 7] [8 9 10 11]]
        Assert.Equal([0f, 4f, 8f, 1f, 5f, 9f, 2f, 6f, 10f, 3f, 7f, 11f], g.T.ToArray());
        Assert.Equal([1f, 3f, 5f, 7f, 9f, 11f], g.Slice(1, 1, 4, 2).ToArray());
        Assert.Equal([0f, 1f, 2f, 3f, 8f, 9f, 10f, 11f], g.Slice(0, 0, 3, 2).ToArray());
        Assert.Equal([2f, 6f, 10f], g.Select(1, 2).ToArray());
        Assert.Equal([5f, 6f, 5f, 6f], g.Select(0, 1).Narrow(0, 1, 2).Unsqueeze(0).Expand(2, 2).ToArray());
        Assert.Equal([0f, 4f, 1f, 5f], g.Permute(1, 0).Slice(1, 0, 2).Narrow(0, 0, 2).ToArray());
    }

    [Fact]
    public void ToArray2D()
    {
        var m = Grid(2, 3).ToArray2D();
        Assert.Equal(new float[,] { { 0f, 1f, 2f }, { 3f, 4f, 5f } }, m);
        var t = Grid(2, 3).T.ToArray2D();
        Assert.Equal(new float[,] { { 0f, 3f }, { 1f, 4f }, { 2f, 5f } }, t);
        var ex = Assert.Throws<InvalidOperationException>(() => Tensor.Zeros(2, 3, 4).ToArray2D());
        Assert.Contains("ToArray2D: tensor of shape [2, 3, 4] is not 2-D", ex.Message);
    }

    [Fact]
    public void ToMultiArrayMatchesTheRank()
    {
        var cube = Tensor.Arange(24).Reshape(2, 3, 4).ToMultiArray();
        var c = Assert.IsType<float[,,]>(cube);
        Assert.Equal(2, c.GetLength(0));
        Assert.Equal(3, c.GetLength(1));
        Assert.Equal(4, c.GetLength(2));
        Assert.Equal(23f, c[1, 2, 3]);
        Assert.Equal(6f, c[0, 1, 2]);

        var permuted = Assert.IsType<float[,,]>(Tensor.Arange(24).Reshape(2, 3, 4).Permute(2, 0, 1).ToMultiArray());
        Assert.Equal(4, permuted.GetLength(0));
        Assert.Equal(6f + 12f, permuted[2, 1, 1]); // = original [1, 1, 2]

        Assert.Equal([0f, 1f, 2f], Assert.IsType<float[]>(Tensor.Arange(3).ToMultiArray()));
        Assert.Equal([5f], Assert.IsType<float[]>(Tensor.Scalar(5f).ToMultiArray()));
        var m = Assert.IsType<float[,]>(Grid(2, 2).ToMultiArray());
        Assert.Equal(3f, m[1, 1]);
        var four = Assert.IsType<float[,,,]>(Tensor.Ones(1, 2, 1, 2).ToMultiArray());
        Assert.Equal(4, four.Length);
    }

    [Fact]
    public void MultiArrayRoundTrip()
    {
        var data = new float[2, 3, 2];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 2; k++) data[i, j, k] = i * 100 + j * 10 + k;
        Assert.Equal(data, Tensor.FromArray(data).ToMultiArray());
    }

    [Fact]
    public void CopyToASpan()
    {
        Span<float> destination = stackalloc float[8];
        destination.Fill(-1f);
        Grid(2, 3).T.CopyTo(destination);
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f, -1f, -1f], destination.ToArray());
        Grid(2, 2).CopyTo(destination);
        Assert.Equal([0f, 1f, 2f, 3f, 2f, 5f, -1f, -1f], destination.ToArray());

        var arr = new float[4];
        Grid(4, 4).Slice(1, 1, 4, 2).Slice(0, 0, 4, 2).CopyTo(arr);
        Assert.Equal([1f, 3f, 9f, 11f], arr);

        var ex = Assert.Throws<ArgumentException>(() => Grid(2, 3).CopyTo(new float[5]));
        Assert.Contains("CopyTo: destination holds 5 values but the tensor has 6", ex.Message);
    }

    [Fact]
    public void IndexerReadsAndWritesWithNegativeIndices()
    {
        var g = Grid(3, 4);
        Assert.Equal(6f, g[1, 2]);
        Assert.Equal(11f, g[-1, -1]);
        Assert.Equal(8f, g[-1, 0]);
        var t = g.T;
        Assert.Equal(6f, t[2, 1]);
        g[-2, 1] = 50f;
        Assert.Equal(50f, t[1, 1]);
    }
}
