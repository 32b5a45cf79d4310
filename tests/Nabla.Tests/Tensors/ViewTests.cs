namespace Nabla.Tests.Tensors;

/// <summary>
/// Views share their base's storage (so writes go through both ways), report the right strides and contiguity, and
/// the ops that must copy (reshape of a strided tensor, clone) do not alias.
/// </summary>
public sealed class ViewTests
{
    private static Tensor Grid(int rows, int cols) => Tensor.Arange(rows * cols).Reshape(rows, cols);

    [Fact]
    public void WritingThroughAViewChangesTheBase()
    {
        var x = Grid(3, 4);
        x.T[1, 0] = 100f;
        Assert.Equal(100f, x[0, 1]);

        x.Slice(1, 0, 4, 2)[2, 1] = 200f;
        Assert.Equal(200f, x[2, 2]);

        x.Select(0, 1)[3] = 300f;
        Assert.Equal(300f, x[1, 3]);

        x.Narrow(0, 1, 2).Narrow(1, 1, 2)[1, 0] = 400f;
        Assert.Equal(400f, x[2, 1]);

        x.Reshape(12)[5] = 500f;
        Assert.Equal(500f, x[1, 1]);

        x.View(2, 6)[1, 0] = 600f;
        Assert.Equal(600f, x[1, 2]);

        x.Unsqueeze(0).Squeeze().Flatten()[0] = 700f;
        Assert.Equal(700f, x[0, 0]);

        x.Detach()[2, 3] = 800f;
        Assert.Equal(800f, x[2, 3]);

        x.Split(2, 1)[1][0, 0] = 900f;
        Assert.Equal(900f, x[0, 2]);

        x.Chunk(3, 0)[2][0, 3] = 1000f;
        Assert.Equal(1000f, x[2, 3]);
    }

    [Fact]
    public void WritingTheBaseIsSeenThroughTheView()
    {
        var x = Grid(2, 3);
        var t = x.T;
        var col = x.Select(1, 2);
        var expanded = x.Select(0, 0).Expand(4, 3);
        x[0, 2] = -1f;
        Assert.Equal(-1f, t[2, 0]);
        Assert.Equal(-1f, col[0]);
        for (int r = 0; r < 4; r++) Assert.Equal(-1f, expanded[r, 2]);
    }

    [Fact]
    public void ViewsShareStorageAndCopiesDoNot()
    {
        var x = Grid(3, 4);
        Assert.Same(x.Storage, x.T.Storage);
        Assert.Same(x.Storage, x.Slice(0, 1).Storage);
        Assert.Same(x.Storage, x.Reshape(4, 3).Storage);
        Assert.Same(x.Storage, x.Unsqueeze(1).Expand(3, 5, 4).Storage);
        Assert.Same(x.Storage, x.Permute(1, 0).Storage);
        Assert.Same(x.Storage, x.Detach().Storage);

        var reshapedTranspose = x.T.Reshape(12);
        Assert.NotSame(x.Storage, reshapedTranspose.Storage);
        reshapedTranspose[0] = 42f;
        Assert.Equal(0f, x[0, 0]);
        Assert.NotSame(x.Storage, x.Clone().Storage);
    }

    [Fact]
    public void StridesAndOffsetsOfViews()
    {
        var x = Tensor.Zeros(3, 4, 5);
        Assert.Equal([20, 5, 1], x.Strides.ToArray());
        var p = x.Permute(2, 0, 1);
        Assert.Equal([5, 3, 4], p.Shape.ToArray());
        Assert.Equal([1, 20, 5], p.Strides.ToArray());
        var s = x.Slice(1, 1, 4, 2);
        Assert.Equal([3, 2, 5], s.Shape.ToArray());
        Assert.Equal([20, 10, 1], s.Strides.ToArray());
        Assert.Equal(5, s.Offset);
        var sel = x.Select(2, -1);
        Assert.Equal([3, 4], sel.Shape.ToArray());
        Assert.Equal(4, sel.Offset);
        var e = Tensor.Zeros(4, 1).Expand(2, 4, 3);
        Assert.Equal([0, 1, 0], e.Strides.ToArray());
    }

    [Fact]
    public void IsContiguous()
    {
        var x = Grid(4, 6);
        Assert.True(x.IsContiguous);
        Assert.False(x.T.IsContiguous);
        Assert.True(x.T.T.IsContiguous);
        Assert.True(x.Slice(0, 1, 3).IsContiguous); // a block of whole rows
        Assert.False(x.Slice(0, 0, 4, 2).IsContiguous); // rows with gaps
        Assert.False(x.Slice(1, 0, 3).IsContiguous); // part of each row
        Assert.True(x.Select(0, 2).IsContiguous);
        Assert.False(x.Select(1, 2).IsContiguous);
        Assert.False(x.Unsqueeze(0).Expand(2, 4, 6).IsContiguous);
        Assert.True(x.Unsqueeze(1).IsContiguous);
        Assert.True(x.Reshape(2, 12).IsContiguous);
        Assert.True(x.T.Reshape(24).IsContiguous); // a copy
        Assert.True(x.T.Contiguous().IsContiguous);
        Assert.True(Tensor.Zeros(1, 5).T.IsContiguous); // size-1 dimensions do not count
        Assert.True(x.Select(0, 1).Unsqueeze(0).IsContiguous);
        Assert.True(Tensor.Zeros(3, 1).Expand(3, 1).IsContiguous);
        Assert.True(Tensor.Scalar(1f).IsContiguous);
    }

    [Fact]
    public void ViewRefusesAStridedTensor()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Grid(3, 4).T.View(12));
        Assert.Contains("view: a tensor of shape [4, 3] with strides [1, 4] is not contiguous; use Reshape()", ex.Message);
    }

    [Fact]
    public void SqueezeUnsqueezeFlattenShapes()
    {
        var x = Tensor.Zeros(2, 1, 3, 1);
        Assert.Equal([2, 3], x.Squeeze().Shape.ToArray());
        Assert.Equal([2, 3, 1], x.Squeeze(1).Shape.ToArray());
        Assert.Equal([2, 1, 3, 1], x.Squeeze(0).Shape.ToArray()); // size 2: unchanged
        Assert.Equal([2, 1, 3], x.Squeeze(-1).Shape.ToArray());
        Assert.Equal([1, 2, 1, 3, 1], x.Unsqueeze(0).Shape.ToArray());
        Assert.Equal([2, 1, 3, 1, 1], x.Unsqueeze(-1).Shape.ToArray());
        Assert.Equal([6], x.Flatten().Shape.ToArray());
        Assert.Equal([2, 3], x.Flatten(1).Shape.ToArray());
        Assert.Equal([2, 3, 1], x.Flatten(1, 2).Shape.ToArray());
        Assert.Equal([1], Tensor.Scalar(2f).Flatten().Shape.ToArray());
        Assert.Equal([4, 3], Tensor.Zeros(2, 2, 3).Reshape(-1, 3).Shape.ToArray());
        Assert.Equal(0, Tensor.Zeros(1, 1).Reshape().Rank);
    }

    [Fact]
    public void SliceFollowsPythonRules()
    {
        var x = Tensor.Arange(10);
        Assert.Equal([7f, 8f, 9f], x.Slice(0, -3).ToArray());
        Assert.Equal([2f, 5f, 8f], x.Slice(0, 2, int.MaxValue, 3).ToArray());
        Assert.Equal([0f, 1f], x.Slice(0, -100, 2).ToArray());
        Assert.Empty(x.Slice(0, 5, 3).ToArray());
        Assert.Empty(x.Slice(0, 20).ToArray());
        Assert.Equal([8f], x.Slice(0, -2, -1).ToArray());
    }

    [Fact]
    public void SplitAndChunkFollowPyTorch()
    {
        var x = Tensor.Arange(10);
        var parts = x.Split(4);
        Assert.Equal([4, 4, 2], parts.Select(p => p.Numel).ToArray());
        Assert.Equal([8f, 9f], parts[2].ToArray());
        parts = x.Split([3, 7], 0);
        Assert.Equal([3f, 4f, 5f, 6f, 7f, 8f, 9f], parts[1].ToArray());
        var chunks = x.Chunk(3);
        Assert.Equal([4, 4, 2], chunks.Select(p => p.Numel).ToArray());
        chunks = Tensor.Arange(6).Chunk(4); // PyTorch gives 3 chunks of 2
        Assert.Equal([2, 2, 2], chunks.Select(p => p.Numel).ToArray());
    }
}
