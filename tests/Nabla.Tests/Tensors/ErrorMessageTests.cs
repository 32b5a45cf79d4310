namespace Nabla.Tests.Tensors;

/// <summary>
/// Bad shapes, axes and indices fail at the op with a message that names the op, the shapes or sizes involved, and
/// where it helps the fix.
/// </summary>
public sealed class ErrorMessageTests
{
    private static void Throws<TException>(Action action, params string[] fragments) where TException : Exception
    {
        var ex = Assert.Throws<TException>(action);
        foreach (var f in fragments) Assert.Contains(f, ex.Message);
    }

    private static void Throws<TException>(Func<object> action, params string[] fragments) where TException : Exception =>
        Throws<TException>(() => { _ = action(); }, fragments);

    // ---------------------------------------------------------------- broadcasting

    public static TheoryData<string> BinaryOps => ["add", "sub", "mul", "div", "pow", "maximum", "minimum", "eq", "ne", "lt", "le", "gt", "ge"];

    private static Tensor ApplyBinary(string op, Tensor a, Tensor b) => op switch
    {
        "add" => a.Add(b),
        "sub" => a.Sub(b),
        "mul" => a.Mul(b),
        "div" => a.Div(b),
        "pow" => a.Pow(b),
        "maximum" => a.Maximum(b),
        "minimum" => a.Minimum(b),
        "eq" => a.Eq(b),
        "ne" => a.Ne(b),
        "lt" => a.Lt(b),
        "le" => a.Le(b),
        "gt" => a.Gt(b),
        "ge" => a.Ge(b),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    [Theory]
    [MemberData(nameof(BinaryOps))]
    public void BroadcastMismatchNamesTheOpAndBothShapes(string op) =>
        Throws<ArgumentException>(() => ApplyBinary(op, Tensor.Zeros(32, 10), Tensor.Zeros(32, 9)),
            $"{op}: shapes [32, 10] and [32, 9] cannot be broadcast");

    [Fact]
    public void BroadcastMismatchThroughOperatorsAndOtherOps()
    {
        Throws<ArgumentException>(() => Tensor.Zeros(2, 3) + Tensor.Zeros(4), "add: shapes [2, 3] and [4] cannot be broadcast");
        Throws<ArgumentException>(() => Tensor.Zeros(2, 3) * Tensor.Zeros(3, 3), "mul: shapes [2, 3] and [3, 3] cannot be broadcast");
        Throws<ArgumentException>(() => Tensor.Where(Tensor.Ones(3), Tensor.Zeros(2, 3), Tensor.Zeros(2, 4)),
            "where: shapes [2, 3] and [2, 4] cannot be broadcast");
        Throws<ArgumentException>(() => Tensor.Where(Tensor.Ones(5), Tensor.Zeros(2, 3), Tensor.Zeros(3)),
            "where:", "[5]", "[2, 3]");
        Throws<ArgumentException>(() => Tensor.Zeros(3, 4).MaskedFill(Tensor.Ones(5), 1f),
            "masked_fill: shapes [3, 4] and [5] cannot be broadcast");
        Throws<ArgumentException>(() => Tensor.Zeros(3, 4).MaskedFill(Tensor.Ones(2, 3, 4), 1f),
            "masked_fill: mask of shape [2, 3, 4] cannot be broadcast to [3, 4]");
    }

    // ---------------------------------------------------------------- axes

    [Fact]
    public void BadAxisNamesTheOpAndTheBound()
    {
        var x = Tensor.Zeros(2, 3);
        const string rank2 = "is out of range for a tensor of rank 2 (expected -2..1)";
        Throws<ArgumentOutOfRangeException>(() => x.Sum(2), "sum: dimension 2 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.Sum(-3), "sum: dimension -3 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.Softmax(2), "softmax: dimension 2 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.LogSoftmax(-3), "log_softmax: dimension -3 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.Transpose(0, 5), "transpose: dimension 5 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.Select(2, 0), "select: dimension 2 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.Slice(3, 0), "slice: dimension 3 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.Narrow(2, 0, 1), "narrow: dimension 2 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.Max(2), "max: dimension 2 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.Argmin(-5), "min: dimension -5");
        Throws<ArgumentOutOfRangeException>(() => x.Amax([2]), "amax: dimension 2 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.Var([2]), "var: dimension 2 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.LogSumExp(2), "dimension 2 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.Mean(2), "dimension 2 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.Size(2), "size: dimension 2 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.Flatten(0, 4), "flatten: dimension 4 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.Squeeze(2), "squeeze: dimension 2 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.Split(1, 2), "split: dimension 2 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.Chunk(2, 2), "chunk: dimension 2 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.IndexSelect(2, Tensor.Zeros(1)), "index_select: dimension 2 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => x.Gather(2, Tensor.Zeros(1, 1)), "gather: dimension 2 " + rank2);
        Throws<ArgumentOutOfRangeException>(() => Tensor.Concat([x, x], 2), "concat: dimension 2 " + rank2);
        // unsqueeze and stack insert a dimension: rank + 1 positions are valid.
        Throws<ArgumentOutOfRangeException>(() => x.Unsqueeze(4), "unsqueeze: dimension 4 is out of range", "(expected -3..2)");
        Throws<ArgumentOutOfRangeException>(() => Tensor.Stack([x, x], -4), "stack: dimension -4", "(expected -3..2)");
        Assert.Equal([2, 1, 3], x.Unsqueeze(-2).Shape.ToArray());
    }

    [Fact]
    public void RepeatedAndMalformedDimensionLists()
    {
        var x = Tensor.Zeros(2, 3, 4);
        Throws<ArgumentException>(() => x.Sum([1, -2]), "sum: dimension 1 appears twice in [1, -2]");
        Throws<ArgumentException>(() => x.Permute(0, 1), "permute: 2 dimensions given for a tensor of rank 3");
        Throws<ArgumentException>(() => x.Permute(0, 2, -1), "permute: dimension 2 appears twice");
        Throws<ArgumentException>(() => x.Flatten(2, 1), "flatten: startDim 2 comes after endDim 1");
        Throws<InvalidOperationException>(() => x.T, "T: expects a tensor of rank at most 2, got shape [2, 3, 4]; use Transpose or Permute");
    }

    // ---------------------------------------------------------------- indices

    [Fact]
    public void IndexOutOfRangeNamesTheDimensionAndSize()
    {
        var x = Tensor.Zeros(3, 4);
        Throws<IndexOutOfRangeException>(() => x[3, 0], "index 3 is out of bounds for dimension 0 with size 3");
        Throws<IndexOutOfRangeException>(() => x[0, -5], "index -5 is out of bounds for dimension 1 with size 4");
        Throws<IndexOutOfRangeException>(() => x[1, 4] = 1f, "index 4 is out of bounds for dimension 1 with size 4");
        Throws<ArgumentException>(() => x[1], "index: tensor of shape [3, 4] needs 2 indices, got 1");
        Throws<IndexOutOfRangeException>(() => x.Select(1, 7), "select: index 7 is out of bounds for dimension 1 with size 4");
        Throws<IndexOutOfRangeException>(() => x.Select(0, -4), "select: index -4 is out of bounds for dimension 0 with size 3");
        Throws<IndexOutOfRangeException>(() => x.IndexSelect(0, Tensor.FromArray([0f, 3f])),
            "index_select: index 3 is out of bounds for dimension 0 with size 3");
        Throws<ArgumentException>(() => x.IndexSelect(1, Tensor.FromArray([1.5f])), "index_select: index 1.5 is not a whole number");
        Throws<ArgumentException>(() => x.IndexSelect(1, Tensor.Zeros(2, 2)), "index_select: indices must be 1-D, got shape [2, 2]");
        Throws<IndexOutOfRangeException>(() => x.Gather(1, Tensor.FromArray([0f, 4f], 1, 2)),
            "gather: index 4 is out of bounds for dimension 1 with size 4");
        Throws<ArgumentException>(() => x.Gather(1, Tensor.Zeros(3)), "gather: index of shape [3] must have the same rank as [3, 4]");
        Throws<ArgumentException>(() => x.Gather(1, Tensor.Zeros(4, 1)), "gather: index of shape [4, 1] is larger than [3, 4] in dimension 0");
        Throws<IndexOutOfRangeException>(() => x.ScatterAdd(0, Tensor.FromArray([5f], 1, 1), Tensor.Ones(1, 1)),
            "scatter_add: index 5 is out of bounds for dimension 0 with size 3");
        Throws<ArgumentException>(() => x.ScatterAdd(0, Tensor.Zeros(1, 2), Tensor.Ones(1, 3)),
            "scatter_add: source of shape [1, 3] must have the index's shape [1, 2]");
        Throws<ArgumentOutOfRangeException>(() => x.Narrow(1, 2, 4), "narrow: [2, 6) is outside dimension 1 of size 4");
        Throws<ArgumentOutOfRangeException>(() => x.Narrow(0, -1, 1), "narrow:", "dimension 0 of size 3");
        Throws<ArgumentOutOfRangeException>(() => x.Slice(0, 0, 3, 0), "slice: step must be positive, got 0");
    }

    // ---------------------------------------------------------------- shapes

    [Fact]
    public void ReshapeWithTheWrongElementCountNamesBothShapes()
    {
        var x = Tensor.Zeros(3, 4);
        Throws<ArgumentException>(() => x.Reshape(5, 5), "reshape: shape [5, 5] is invalid for input of shape [3, 4] (12 elements)");
        Throws<ArgumentException>(() => x.Reshape(5, -1), "reshape: shape [5, -1] is invalid for input of shape [3, 4] (12 elements)");
        Throws<ArgumentException>(() => x.View(7), "view: shape [7] is invalid for input of shape [3, 4] (12 elements)");
        Throws<ArgumentException>(() => x.Reshape(-1, -1), "reshape: only one dimension can be -1 in [-1, -1]");
        Throws<ArgumentException>(() => x.Reshape(-2, -6), "reshape: invalid size -2 in [-2, -6]");
        Throws<ArgumentException>(() => Tensor.Zeros(0, 3).Reshape(-1, 0), "reshape:", "[0, 3]");
    }

    [Fact]
    public void MatMulInnerDimensionMismatchNamesBothShapes()
    {
        Throws<ArgumentException>(() => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(4, 5)),
            "matmul: shapes [2, 3] and [4, 5] cannot be multiplied (3 != 4)");
        Throws<ArgumentException>(() => Tensor.Zeros(3).MatMul(Tensor.Zeros(4)),
            "matmul: shapes [3] and [4] cannot be multiplied (3 != 4)");
        Throws<ArgumentException>(() => Tensor.Zeros(2, 2, 3).MatMul(Tensor.Zeros(2, 4, 5)),
            "matmul: shapes [2, 2, 3] and [2, 4, 5] cannot be multiplied (3 != 4)");
        Throws<ArgumentException>(() => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(4)), "matmul:", "cannot be multiplied (3 != 4)");
        Throws<ArgumentException>(() => Tensor.Zeros(3).MatMul(Tensor.Zeros(4, 5)), "matmul:", "cannot be multiplied (3 != 4)");
        Throws<ArgumentException>(() => Tensor.Zeros(2, 2, 3).MatMul(Tensor.Zeros(3, 3, 4)), "matmul:", "cannot be broadcast");
        Throws<ArgumentException>(() => Tensor.Scalar(1f).MatMul(Tensor.Zeros(3)),
            "matmul: both operands need at least one dimension, got shapes [] and [3]");
    }

    [Fact]
    public void ConcatAndStackMismatches()
    {
        Throws<ArgumentException>(() => Tensor.Concat([Tensor.Zeros(2, 3), Tensor.Zeros(2, 4)]),
            "concat: shapes [2, 3] and [2, 4] differ in dimension 1 (joining along 0)");
        Throws<ArgumentException>(() => Tensor.Concat([Tensor.Zeros(2, 3), Tensor.Zeros(2, 3), Tensor.Zeros(3)], 1),
            "concat: tensor 2 has shape [3] but tensor 0 has shape [2, 3]");
        Throws<ArgumentException>(() => Tensor.Concat(ReadOnlySpan<Tensor>.Empty), "concat: no tensors given");
        Throws<ArgumentException>(() => Tensor.Stack([Tensor.Zeros(2, 3), Tensor.Zeros(2, 4)]),
            "stack: tensor 1 has shape [2, 4] but tensor 0 has shape [2, 3]");
        Throws<ArgumentException>(() => Tensor.Stack(ReadOnlySpan<Tensor>.Empty), "stack: no tensors given");
        // Along the joined dimension sizes may differ.
        Assert.Equal([2, 7], Tensor.Concat([Tensor.Zeros(2, 3), Tensor.Zeros(2, 4)], 1).Shape.ToArray());
    }

    [Fact]
    public void ExpandAndSplitMismatches()
    {
        Throws<ArgumentException>(() => Tensor.Zeros(3, 2).Expand(3, 4), "expand: shape [3, 2] cannot be expanded to [3, 4] (dimension 1)");
        Throws<ArgumentException>(() => Tensor.Zeros(3, 2).Expand(2), "expand: target [2] has fewer dimensions than [3, 2]");
        Throws<ArgumentException>(() => Tensor.Zeros(3).Expand(-1, 3), "expand: shape [3] cannot be expanded to [-1, 3] (dimension 0)");
        Throws<ArgumentException>(() => Tensor.Zeros(6).Split([2, 3], 0), "split: sizes add up to 5 but dimension 0 has size 6");
        Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(6).Split(0), "split: size must be positive, got 0");
        Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(6).Chunk(0), "chunk: count must be positive, got 0");
    }

    [Fact]
    public void PadErrors()
    {
        var x = Tensor.Zeros(2, 3);
        Throws<ArgumentException>(() => x.Pad([1, 1, 1]), "pad: padding needs an even number of values covering at most 2 dimensions, got 3");
        Throws<ArgumentException>(() => x.Pad([1, 1, 1, 1, 1, 1]), "at most 2 dimensions, got 6");
        Throws<ArgumentException>(() => x.Pad([3, 0], PadMode.Reflect), "pad: reflect padding (3, 0) must be smaller than dimension 1 of size 3");
        Throws<ArgumentException>(() => x.Pad([-1, 0], PadMode.Replicate), "pad: Replicate padding must be non-negative, got (-1, 0)");
        Throws<ArgumentException>(() => x.Pad([-2, -2]), "pad: padding (-2, -2) leaves dimension 1 of size 3 with a negative size");
        Throws<ArgumentException>(() => Tensor.Zeros(2, 0).Pad([1, 1], PadMode.Replicate), "pad: cannot replicate an empty dimension 1");
    }

    [Fact]
    public void ValueAndReductionErrors()
    {
        Throws<InvalidOperationException>(() => Tensor.Zeros(2, 3).Item(), "Item: tensor of shape [2, 3] has 6 elements, not 1");
        Throws<ArgumentException>(() => Tensor.Zeros(3).Clamp(2f, 1f), "clamp: min 2 is greater than max 1");
        Throws<ArgumentException>(() => Tensor.Zeros(0, 3).Amax([0]), "amax: cannot reduce an empty tensor of shape [0, 3]");
        Throws<ArgumentException>(() => Tensor.Zeros(0, 3).Min(), "amin: cannot reduce an empty tensor of shape [0, 3]");
        Throws<ArgumentException>(() => Tensor.Zeros(0, 3).Max(0), "max: dimension 0 of shape [0, 3] is empty");
    }
}
