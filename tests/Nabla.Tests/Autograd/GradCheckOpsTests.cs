using static Nabla.Tests.Autograd.GradInputs;

namespace Nabla.Tests.Autograd;

/// <summary>
/// Central-difference gradient checks (<see cref="GradCheck"/>) of every differentiable tensor op: element-wise
/// binary ops under broadcasting, unary ops on contiguous and strided inputs, reductions, softmax, every shape op
/// and matmul. Inputs are kept away from kinks (|x| at 0, clamp bounds, max/min ties) so finite differences are valid.
/// </summary>
public sealed class GradCheckOpsTests
{
    private sealed record Case(Func<Tensor[], Tensor> Function, Func<Tensor[]> Inputs);

    private static TheoryData<string> Names(Dictionary<string, Case> cases)
    {
        var data = new TheoryData<string>();
        foreach (var name in cases.Keys) data.Add(name);
        return data;
    }

    private static void Run(Dictionary<string, Case> cases, string name)
    {
        var c = cases[name];
        Check(c.Function, c.Inputs());
    }

    private static Tensor Mask(float[] values, params int[] shape) => Tensor.FromArray(values, shape);

    // ---------------------------------------------------------------- binary ops

    private static readonly Dictionary<string, Case> BinaryCases = new()
    {
        ["add [3,4]+[4]"] = new(t => t[0].Add(t[1]), () => [Normal(1, 3, 4), Normal(2, 4)]),
        ["add [4]+[3,4]"] = new(t => t[0] + t[1], () => [Normal(3, 4), Normal(4, 3, 4)]),
        ["add [2,1,3]+[4,1]"] = new(t => t[0] + t[1], () => [Normal(5, 2, 1, 3), Normal(6, 4, 1)]),
        ["add [3,4]+0-d"] = new(t => t[0] + t[1], () => [Normal(7, 3, 4), Normal(8)]),
        ["add 0-d+0-d"] = new(t => t[0] + t[1], () => [Normal(9), Normal(10)]),
        ["sub [3,4]-[4]"] = new(t => t[0].Sub(t[1]), () => [Normal(11, 3, 4), Normal(12, 4)]),
        ["sub [4,1]-[2,1,3]"] = new(t => t[0] - t[1], () => [Normal(13, 4, 1), Normal(14, 2, 1, 3)]),
        ["sub 0-d-[3,4]"] = new(t => t[0] - t[1], () => [Normal(15), Normal(16, 3, 4)]),
        ["mul [3,4]*[4]"] = new(t => t[0].Mul(t[1]), () => [Normal(17, 3, 4), Normal(18, 4)]),
        ["mul [2,1,3]*[4,1]"] = new(t => t[0] * t[1], () => [Normal(19, 2, 1, 3), Normal(20, 4, 1)]),
        ["mul [3,4]*0-d"] = new(t => t[0] * t[1], () => [Normal(21, 3, 4), Normal(22)]),
        ["div [3,4]/[4]"] = new(t => t[0].Div(t[1]), () => [Normal(23, 3, 4), NonZero(24, 4)]),
        ["div [4]/[3,4]"] = new(t => t[0] / t[1], () => [Normal(25, 4), NonZero(26, 3, 4)]),
        ["div [2,1,3]/[4,1]"] = new(t => t[0] / t[1], () => [Normal(27, 2, 1, 3), NonZero(28, 4, 1)]),
        ["div 0-d/[3,4]"] = new(t => t[0] / t[1], () => [Normal(29), NonZero(30, 3, 4)]),
        ["pow [3,4]^[4]"] = new(t => t[0].Pow(t[1]), () => [Positive(31, 3, 4), Normal(32, 4)]),
        ["pow [2,1,3]^[4,1]"] = new(t => t[0].Pow(t[1]), () => [Positive(33, 2, 1, 3), Normal(34, 4, 1)]),
        ["pow [3,4]^0-d"] = new(t => t[0].Pow(t[1]), () => [Positive(35, 3, 4), Normal(36)]),
        ["pow 0-d^[3,4]"] = new(t => t[0].Pow(t[1]), () => [Positive(37), Normal(38, 3, 4)]),
        ["maximum [3,4],[4]"] = new(t => t[0].Maximum(t[1]), () => [Distinct(39, 0f, 3, 4), Distinct(40, 0.05f, 4)]),
        ["maximum [2,1,3],[4,1]"] = new(t => t[0].Maximum(t[1]), () => [Distinct(41, 0f, 2, 1, 3), Distinct(42, 0.05f, 4, 1)]),
        ["maximum [3,4],0-d"] = new(t => t[0].Maximum(t[1]), () => [Distinct(43, 0f, 3, 4), Distinct(44, 0.05f)]),
        ["minimum [3,4],[4]"] = new(t => t[0].Minimum(t[1]), () => [Distinct(45, 0f, 3, 4), Distinct(46, 0.05f, 4)]),
        ["minimum [2,1,3],[4,1]"] = new(t => t[0].Minimum(t[1]), () => [Distinct(47, 0f, 2, 1, 3), Distinct(48, 0.05f, 4, 1)]),
        ["minimum 0-d,[3,4]"] = new(t => t[0].Minimum(t[1]), () => [Distinct(49, 0.05f), Distinct(50, 0f, 3, 4)]),
        ["where [3,1] ? [3,4] : [4]"] = new(
            t => Tensor.Where(Mask([1, 0, 1], 3, 1), t[0], t[1]), () => [Normal(51, 3, 4), Normal(52, 4)]),
        ["where [2,1,3] ? [4,1] : 0-d"] = new(
            t => Tensor.Where(Mask([1, 0, 0, 1, 1, 0], 2, 1, 3), t[0], t[1]), () => [Normal(53, 4, 1), Normal(54)]),
        ["where [4] ? 0-d : [3,1]"] = new(
            t => Tensor.Where(Mask([0, 1, 1, 0], 4), t[0], t[1]), () => [Normal(55), Normal(56, 3, 1)]),
        ["where with a constant branch"] = new(
            t => Tensor.Where(Mask([1, 0, 1, 0, 0, 1], 2, 3), t[0], Tensor.Full(7f, 3)), () => [Normal(57, 2, 3)]),
        ["same tensor twice x*x"] = new(t => t[0] * t[0], () => [Normal(58, 3, 4)]),
        ["same tensor twice x^x"] = new(t => t[0].Pow(t[0]), () => [Positive(59, 2, 3)]),
        ["operand without grad"] = new(t => t[0] * Tensor.Arange(4).AddScalar(1f) + Tensor.Ones(3, 1), () => [Normal(60, 3, 4)]),
        ["operator expression"] = new(t => (t[0] * 2f - 1f / t[1] + 3f) / 4f - (2f - t[0]) * t[1],
            () => [Normal(61, 3, 4), NonZero(62, 4)]),
        ["transposed + strided leaves"] = new(t => t[0] * t[1] + t[0], () => [Transposed(63, 3, 4), Strided(64, 3, 4)]),
        ["transposed / broadcast row"] = new(t => t[0] / t[1], () => [Transposed(65, 3, 4), NonZero(66, 4)]),
        ["strided pow positive transposed"] = new(t => t[1].Pow(t[0]),
            () => [Strided(67, 3, 4), Transposed(68, 3, 4, positive: true)]),
        ["strided maximum row-strided"] = new(t => t[0].Maximum(t[1]), () => [Leaf(DistinctRaw(69, 0f, 3, 8).Slice(1, 0, 8, 2)), Leaf(DistinctRaw(70, 0.05f, 6, 4).Slice(0, 1, 6, 2))]),
        ["expanded input inside function"] = new(t => t[0].Expand(3, 4) * t[1], () => [Normal(71, 4), Normal(72, 3, 4)]),
        ["expanded on both sides"] = new(t => t[0].Expand(2, 3, 4) - t[1].Expand(2, 3, 4),
            () => [Normal(73, 3, 1), Normal(74, 2, 1, 4)]),
    };

    public static TheoryData<string> BinaryNames => Names(BinaryCases);

    [Theory]
    [MemberData(nameof(BinaryNames))]
    public void BinaryOp(string name) => Run(BinaryCases, name);

    // ---------------------------------------------------------------- unary ops

    private sealed record UnaryCase(Func<Tensor, Tensor> Function, float[]? Kinks = null, bool Positive = false);

    private static readonly Dictionary<string, UnaryCase> UnaryCases = new()
    {
        ["neg"] = new(x => x.Neg()),
        ["operator -x"] = new(x => -x),
        ["abs"] = new(x => x.Abs(), [0f]),
        ["exp"] = new(x => x.Exp()),
        ["log"] = new(x => x.Log(), Positive: true),
        ["log1p"] = new(x => x.Log1p(), Positive: true),
        ["sqrt"] = new(x => x.Sqrt(), Positive: true),
        ["rsqrt"] = new(x => x.Rsqrt(), Positive: true),
        ["square"] = new(x => x.Square()),
        ["sin"] = new(x => x.Sin()),
        ["cos"] = new(x => x.Cos()),
        ["sigmoid"] = new(x => x.Sigmoid()),
        ["tanh"] = new(x => x.Tanh()),
        ["relu"] = new(x => x.Relu(), [0f]),
        ["leaky_relu default"] = new(x => x.LeakyRelu(), [0f]),
        ["leaky_relu 0.2"] = new(x => x.LeakyRelu(0.2f), [0f]),
        ["elu default"] = new(x => x.Elu(), [0f]),
        ["elu 0.5"] = new(x => x.Elu(0.5f), [0f]),
        ["gelu erf"] = new(x => x.Gelu()),
        ["gelu tanh"] = new(x => x.Gelu(tanhApproximation: true)),
        ["softplus default"] = new(x => x.Softplus()),
        ["softplus beta 2 threshold 3"] = new(x => x.Softplus(2f, 3f), [1.5f]),
        ["silu"] = new(x => x.Silu()),
        ["clamp both"] = new(x => x.Clamp(-0.5f, 0.7f), [-0.5f, 0.7f]),
        ["clamp min"] = new(x => x.Clamp(min: 0.2f), [0.2f]),
        ["clamp max"] = new(x => x.Clamp(max: -0.3f), [-0.3f]),
        ["pow 2.5"] = new(x => x.Pow(2.5f), Positive: true),
        ["pow 3"] = new(x => x.Pow(3f)),
        ["pow -1.5"] = new(x => x.Pow(-1.5f), Positive: true),
        ["pow 0"] = new(x => x.Pow(0f)),
        ["AddScalar"] = new(x => x.AddScalar(2.5f)),
        ["MulScalar"] = new(x => x.MulScalar(-1.7f)),
        ["operator c - x"] = new(x => 2f - x),
        ["operator c / x"] = new(x => 3f / x, [0f]),
        ["operator x / c"] = new(x => x / 4f),
        ["clone"] = new(x => x.Clone()),
        ["contiguous"] = new(x => x.Contiguous()),
    };

    public static TheoryData<string, string> UnaryNames()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in UnaryCases.Keys)
            foreach (var layout in new[] { "contiguous", "transposed", "strided" })
                data.Add(name, layout);
        return data;
    }

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void UnaryOp(string name, string layout)
    {
        var c = UnaryCases[name];
        var x = layout switch
        {
            "transposed" => Transposed(100, 2, 3, c.Kinks, c.Positive),
            "strided" => Strided(101, 2, 3, c.Kinks, c.Positive),
            _ => c.Positive ? Positive(102, 2, 3) : c.Kinks is not null ? AwayFrom(102, c.Kinks, 2, 3) : Normal(102, 2, 3),
        };
        if (layout != "contiguous") Assert.False(x.IsContiguous);
        Check(t => c.Function(t[0]), x);
    }

    [Fact]
    public void UnaryOpOnExpandedInput()
    {
        Check(t => t[0].Expand(2, 3).Exp(), Normal(110, 3));
        Check(t => t[0].Unsqueeze(1).Expand(3, 4).Tanh() * t[0].Expand(4, 3).T, Normal(111, 3));
        Check(t => t[0].Expand(4, 2, 3).Sigmoid().Sum(0), Normal(112, 1, 3));
    }

    // ---------------------------------------------------------------- reductions

    private static readonly Dictionary<string, Case> ReductionCases = new()
    {
        ["sum all"] = new(t => t[0].Sum(), () => [Normal(200, 2, 3, 4)]),
        ["sum dim 1"] = new(t => t[0].Sum(1), () => [Normal(201, 2, 3, 4)]),
        ["sum dim -1 keepDim"] = new(t => t[0].Sum(-1, keepDim: true), () => [Normal(202, 2, 3, 4)]),
        ["sum dims [0,2]"] = new(t => t[0].Sum([0, 2]), () => [Normal(203, 2, 3, 4)]),
        ["sum dims [0,2] keepDim"] = new(t => t[0].Sum([0, 2], keepDim: true), () => [Normal(204, 2, 3, 4)]),
        ["sum of 0-d"] = new(t => t[0].Sum(), () => [Normal(205)]),
        ["mean all"] = new(t => t[0].Mean(), () => [Normal(206, 2, 3, 4)]),
        ["mean dim 1 keepDim"] = new(t => t[0].Mean(1, keepDim: true), () => [Normal(207, 2, 3, 4)]),
        ["mean dims [1,2]"] = new(t => t[0].Mean([1, 2]), () => [Normal(208, 2, 3, 4)]),
        ["var all"] = new(t => t[0].Var(), () => [Normal(209, 2, 3, 4)]),
        ["var dim 1 unbiased"] = new(t => t[0].Var(1, 1, false), () => [Normal(210, 2, 3, 4)]),
        ["var dim 1 keepDim"] = new(t => t[0].Var(1, 1, true), () => [Normal(211, 2, 3, 4)]),
        ["var dims [0,2] correction 0"] = new(t => t[0].Var([0, 2], correction: 0), () => [Normal(212, 2, 3, 4)]),
        ["std all"] = new(t => t[0].Std(), () => [Normal(213, 2, 3, 4)]),
        ["std dim 2 keepDim"] = new(t => t[0].Std([2], keepDim: true), () => [Normal(214, 2, 3, 4)]),
        ["std dims [0,1] correction 0"] = new(t => t[0].Std([0, 1], correction: 0), () => [Normal(215, 2, 3, 4)]),
        ["logsumexp dim 1"] = new(t => t[0].LogSumExp(1), () => [Normal(216, 2, 3, 4)]),
        ["logsumexp dim -1 keepDim"] = new(t => t[0].LogSumExp(-1, keepDim: true), () => [Normal(217, 2, 3, 4)]),
        ["logsumexp dims [0,2]"] = new(t => t[0].LogSumExp([0, 2]), () => [Normal(218, 2, 3, 4)]),
        ["logsumexp all"] = new(t => t[0].LogSumExp([]), () => [Normal(219, 2, 3)]),
        ["max all"] = new(t => t[0].Max(), () => [Distinct(220, 0f, 2, 3, 4)]),
        ["min all"] = new(t => t[0].Min(), () => [Distinct(221, 0f, 2, 3, 4)]),
        ["amax dim 1"] = new(t => t[0].Amax([1]), () => [Distinct(222, 0f, 2, 3, 4)]),
        ["amax dims [0,2] keepDim"] = new(t => t[0].Amax([0, 2], keepDim: true), () => [Distinct(223, 0f, 2, 3, 4)]),
        ["amin dim -1"] = new(t => t[0].Amin([-1]), () => [Distinct(224, 0f, 2, 3, 4)]),
        ["amin dims [0,1] keepDim"] = new(t => t[0].Amin([0, 1], keepDim: true), () => [Distinct(225, 0f, 2, 3, 4)]),
        ["amax with ties shares gradient"] = new(t => t[0].Amax([1]) * 3f, () => [Leaf(Tensor.FromArray([1f, 5f, 5f, -2f, 0.5f, -2f, 0.5f, 0.3f], 2, 4))]),
        ["max(dim 1) values"] = new(t => t[0].Max(1).Values, () => [Distinct(226, 0f, 2, 3, 4)]),
        ["max(dim 1, keepDim) values"] = new(t => t[0].Max(1, keepDim: true).Values, () => [Distinct(227, 0f, 2, 3, 4)]),
        ["min(dim 0) values"] = new(t => t[0].Min(0).Values, () => [Distinct(228, 0f, 2, 3, 4)]),
        ["min(dim -1, keepDim) values"] = new(t => t[0].Min(-1, keepDim: true).Values, () => [Distinct(229, 0f, 2, 3, 4)]),
        ["max(dim 0) of 0-d"] = new(t => t[0].Max(0).Values * 2f, () => [Normal(230)]),
        ["sum dim 0 of transposed"] = new(t => t[0].Sum(0), () => [Transposed(231, 3, 4)]),
        ["var dim 1 of strided"] = new(t => t[0].Var(1, 1, false), () => [Strided(232, 3, 4)]),
        ["logsumexp dim 0 of transposed"] = new(t => t[0].LogSumExp(0), () => [Transposed(233, 3, 4)]),
        ["amax dim 0 of transposed"] = new(t => t[0].Amax([0]), () => [Leaf(DistinctRaw(234, 0f, 4, 3).T)]),
        ["max(dim 1) of transposed"] = new(t => t[0].Max(1).Values, () => [Leaf(DistinctRaw(235, 0f, 4, 3).T)]),
        ["mean of expanded"] = new(t => t[0].Expand(3, 4).Mean(1), () => [Normal(236, 3, 1)]),
    };

    public static TheoryData<string> ReductionNames => Names(ReductionCases);

    [Theory]
    [MemberData(nameof(ReductionNames))]
    public void Reduction(string name) => Run(ReductionCases, name);

    // ---------------------------------------------------------------- softmax

    public static TheoryData<int, bool> SoftmaxDims()
    {
        var data = new TheoryData<int, bool>();
        foreach (int d in new[] { 0, 1, 2, -1, -3 })
            foreach (bool log in new[] { false, true }) data.Add(d, log);
        return data;
    }

    [Theory]
    [MemberData(nameof(SoftmaxDims))]
    public void SoftmaxAlongDim(int dim, bool log) =>
        Check(t => log ? t[0].LogSoftmax(dim) : t[0].Softmax(dim), Normal(300 + (ulong)(dim + 3), 2, 3, 4));

    [Fact]
    public void SoftmaxOnNonContiguousAnd1D()
    {
        Check(t => t[0].Softmax(0), Transposed(310, 3, 4));
        Check(t => t[0].LogSoftmax(1), Transposed(311, 3, 4));
        Check(t => t[0].Softmax(-1), Strided(312, 3, 4));
        Check(t => t[0].LogSoftmax(0), Normal(313, 5));
        Check(t => t[0].Expand(2, 4).Softmax(1) * t[1], Normal(314, 4), Normal(315, 2, 4));
    }

    // ---------------------------------------------------------------- shape ops

    private static readonly Dictionary<string, Case> ShapeCases = new()
    {
        ["reshape [4,6]"] = new(t => t[0].Reshape(4, 6), () => [Normal(400, 2, 3, 4)]),
        ["reshape [-1,2]"] = new(t => t[0].Reshape(-1, 2), () => [Normal(401, 2, 3, 4)]),
        ["reshape of transposed (copies)"] = new(t => t[0].Reshape(12), () => [Transposed(402, 3, 4)]),
        ["view [6,4]"] = new(t => t[0].View(6, 4), () => [Normal(403, 2, 3, 4)]),
        ["flatten all"] = new(t => t[0].Flatten(), () => [Normal(404, 2, 3, 4)]),
        ["flatten from 1"] = new(t => t[0].Flatten(1), () => [Normal(405, 2, 3, 4)]),
        ["flatten 0..1"] = new(t => t[0].Flatten(0, 1), () => [Normal(406, 2, 3, 4)]),
        ["squeeze all"] = new(t => t[0].Squeeze(), () => [Normal(407, 2, 1, 3, 1)]),
        ["squeeze dim 1"] = new(t => t[0].Squeeze(1), () => [Normal(408, 2, 1, 3, 1)]),
        ["unsqueeze 0"] = new(t => t[0].Unsqueeze(0), () => [Normal(409, 2, 3)]),
        ["unsqueeze -1"] = new(t => t[0].Unsqueeze(-1) * t[1], () => [Normal(410, 2, 3), Normal(411, 4)]),
        ["permute (2,0,1)"] = new(t => t[0].Permute(2, 0, 1), () => [Normal(412, 2, 3, 4)]),
        ["permute (-1,0,1) then exp"] = new(t => t[0].Permute(-1, 0, 1).Exp(), () => [Normal(413, 2, 3, 4)]),
        ["transpose (0,2)"] = new(t => t[0].Transpose(0, 2), () => [Normal(414, 2, 3, 4)]),
        ["T"] = new(t => t[0].T * t[1], () => [Normal(415, 3, 4), Normal(416, 4, 3)]),
        ["T of transposed leaf"] = new(t => t[0].T.Exp(), () => [Transposed(417, 3, 4)]),
        ["expand [3,1]->[2,3,4]"] = new(t => t[0].Expand(2, 3, 4), () => [Normal(418, 3, 1)]),
        ["expand with -1"] = new(t => t[0].Expand(2, -1, 4), () => [Normal(419, 3, 1)]),
        ["expand_as"] = new(t => t[0].ExpandAs(t[1]) * t[1], () => [Normal(420, 1, 4), Normal(421, 3, 4)]),
        ["slice step 2 dim 0"] = new(t => t[0].Slice(0, 0, 5, 2), () => [Normal(422, 5, 4)]),
        ["slice step 3 dim 1 from 1"] = new(t => t[0].Slice(1, 1, 7, 3), () => [Normal(423, 2, 7)]),
        ["slice negative start"] = new(t => t[0].Slice(1, -3), () => [Normal(424, 2, 5)]),
        ["slice of slice"] = new(t => t[0].Slice(0, 1, 6, 2).Slice(1, 0, 4, 2), () => [Normal(425, 6, 4)]),
        ["slice of transposed"] = new(t => t[0].Slice(1, 1, 4, 2), () => [Transposed(426, 3, 4)]),
        ["narrow"] = new(t => t[0].Narrow(1, 1, 2), () => [Normal(427, 2, 4)]),
        ["select dim 1"] = new(t => t[0].Select(1, 2), () => [Normal(428, 2, 3, 4)]),
        ["select negative index"] = new(t => t[0].Select(0, -1), () => [Normal(429, 2, 3, 4)]),
        ["select twice"] = new(t => t[0].Select(2, 1) * t[0].Select(2, 3), () => [Normal(430, 2, 3, 4)]),
        ["split size 2 dim 1"] = new(t => ScaleAndJoin(t[0].Split(2, 1), 1), () => [Normal(431, 2, 5, 3)]),
        ["split sizes [1,3] dim 2"] = new(t => ScaleAndJoin(t[0].Split([1, 3], 2), 2), () => [Normal(432, 2, 3, 4)]),
        ["split, one part unused"] = new(t => t[0].Split(2, 0)[1].Exp(), () => [Normal(433, 5, 2)]),
        ["chunk 3 dim 1"] = new(t => ScaleAndJoin(t[0].Chunk(3, 1), 1), () => [Normal(434, 2, 5)]),
        ["chunk 2 dim 0"] = new(t => ScaleAndJoin(t[0].Chunk(2), 0), () => [Normal(435, 3, 2)]),
        ["index_select dim 1 repeated"] = new(t => t[0].IndexSelect(1, Indices([2, 0, 2])), () => [Normal(436, 2, 3, 2)]),
        ["index_select dim 0 negative"] = new(t => t[0].IndexSelect(0, Indices([-1, 0])), () => [Normal(437, 3, 4)]),
        ["index_select of transposed"] = new(t => t[0].IndexSelect(1, Indices([3, 1, 1])), () => [Transposed(438, 3, 4)]),
        ["gather dim 1 repeated"] = new(t => t[0].Gather(1, Indices([0, 2, 2, 1, 1, 0], 2, 3)), () => [Normal(439, 2, 3)]),
        ["gather dim 0 smaller index"] = new(t => t[0].Gather(0, Indices([2, 0, 1, 2, 0, 0], 2, 3)), () => [Normal(440, 3, 4)]),
        ["gather 3-D dim -1"] = new(t => t[0].Gather(-1, Indices([1, 0, 0, 3, 2, 2, 1, 1], 2, 2, 2)), () => [Normal(441, 2, 2, 4)]),
        ["gather of transposed"] = new(t => t[0].Gather(0, Indices([2, 0, 1, 2, 0, 0, 1, 1], 2, 4)), () => [Transposed(442, 3, 4)]),
        ["scatter_add self and source"] = new(t => t[0].ScatterAdd(0, Indices([2, 0, 1, 2, 0, 0, 1, 2], 2, 4), t[1]),
            () => [Normal(443, 3, 4), Normal(444, 2, 4)]),
        ["scatter_add dim 1 repeated"] = new(t => t[0].ScatterAdd(1, Indices([1, 1, 0, 2, 2, 2], 2, 3), t[1]).Square(),
            () => [Normal(445, 2, 3), Normal(446, 2, 3)]),
        ["scatter_add source only"] = new(t => Tensor.Zeros(3, 4).ScatterAdd(0, Indices([2, 0, 1, 2], 1, 4), t[0]),
            () => [Normal(447, 1, 4)]),
        ["masked_fill broadcast mask"] = new(t => t[0].MaskedFill(Mask([1, 0, 0, 1], 4), 5f) * t[0],
            () => [Normal(448, 3, 4)]),
        ["masked_fill of transposed"] = new(t => t[0].MaskedFill(Mask([0, 1, 1], 3, 1), -2f), () => [Transposed(449, 3, 4)]),
        ["concat dim 1"] = new(t => Tensor.Concat([t[0], t[1], t[2]], 1), () => [Normal(450, 2, 3), Normal(451, 2, 1), Normal(452, 2, 2)]),
        ["concat dim 0 with a constant"] = new(t => Tensor.Concat([t[0], Tensor.Ones(1, 3), t[1]]).Exp(),
            () => [Normal(453, 2, 3), Normal(454, 1, 3)]),
        ["concat dim -1 of views"] = new(t => Tensor.Concat([t[0], t[1]], -1), () => [Transposed(455, 3, 2), Strided(456, 3, 2)]),
        ["concat same tensor twice"] = new(t => Tensor.Concat([t[0], t[0].Square()], 0), () => [Normal(457, 2, 3)]),
        ["stack dim 0"] = new(t => Tensor.Stack([t[0], t[1], t[2]]), () => [Normal(458, 2, 3), Normal(459, 2, 3), Normal(460, 2, 3)]),
        ["stack dim 1"] = new(t => Tensor.Stack([t[0], t[1]], 1), () => [Normal(461, 2, 3), Transposed(462, 2, 3)]),
        ["stack dim -1"] = new(t => Tensor.Stack([t[0], t[1]], -1), () => [Normal(463, 2, 3), Normal(464, 2, 3)]),
        ["pad constant (1,2)"] = new(t => t[0].Pad([1, 2]), () => [Normal(465, 2, 3)]),
        ["pad constant (1,2,2,1) value"] = new(t => t[0].Pad([1, 2, 2, 1], PadMode.Constant, 0.5f), () => [Normal(466, 2, 3, 4)]),
        ["pad constant negative crops"] = new(t => t[0].Pad([-1, 1, 1, -1]), () => [Normal(467, 3, 4)]),
        ["pad reflect (2,1)"] = new(t => t[0].Pad([2, 1], PadMode.Reflect), () => [Normal(468, 2, 4)]),
        ["pad reflect (1,2,2,1)"] = new(t => t[0].Pad([1, 2, 2, 1], PadMode.Reflect), () => [Normal(469, 2, 3, 4)]),
        ["pad replicate (2,3)"] = new(t => t[0].Pad([2, 3], PadMode.Replicate), () => [Normal(470, 2, 3)]),
        ["pad replicate (1,1,1,2)"] = new(t => t[0].Pad([1, 1, 1, 2], PadMode.Replicate), () => [Normal(471, 2, 3, 4)]),
        ["pad reflect of transposed"] = new(t => t[0].Pad([1, 1, 1, 0], PadMode.Reflect), () => [Transposed(472, 3, 4)]),
        ["pad replicate of strided"] = new(t => t[0].Pad([0, 2], PadMode.Replicate), () => [Strided(473, 3, 4)]),
    };

    private static Tensor ScaleAndJoin(Tensor[] parts, int dim)
    {
        var scaled = new Tensor[parts.Length];
        for (int i = 0; i < parts.Length; i++) scaled[i] = parts[i].MulScalar(i + 1f);
        return Tensor.Concat(scaled, dim);
    }

    public static TheoryData<string> ShapeNames => Names(ShapeCases);

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void ShapeOp(string name) => Run(ShapeCases, name);

    // ---------------------------------------------------------------- matmul

    private static readonly Dictionary<string, Case> MatMulCases = new()
    {
        ["1-D . 1-D"] = new(t => t[0].MatMul(t[1]), () => [Normal(500, 3), Normal(501, 3)]),
        ["1-D . 2-D"] = new(t => t[0].MatMul(t[1]), () => [Normal(502, 3), Normal(503, 3, 4)]),
        ["2-D . 1-D"] = new(t => t[0].MatMul(t[1]), () => [Normal(504, 2, 3), Normal(505, 3)]),
        ["2-D . 2-D"] = new(t => t[0].MatMul(t[1]), () => [Normal(506, 2, 3), Normal(507, 3, 4)]),
        ["1-D . batched"] = new(t => t[0].MatMul(t[1]), () => [Normal(508, 3), Normal(509, 2, 3, 2)]),
        ["batched . 1-D"] = new(t => t[0].MatMul(t[1]), () => [Normal(510, 2, 2, 3), Normal(511, 3)]),
        ["batched [2,2,3].[2,3,4]"] = new(t => t[0].MatMul(t[1]), () => [Normal(512, 2, 2, 3), Normal(513, 2, 3, 4)]),
        ["broadcast batch [2,1,2,3].[3,3,2]"] = new(t => t[0].MatMul(t[1]), () => [Normal(514, 2, 1, 2, 3), Normal(515, 3, 3, 2)]),
        ["broadcast batch [2,3].[2,3,4]"] = new(t => t[0].MatMul(t[1]), () => [Normal(516, 2, 3), Normal(517, 2, 3, 4)]),
        ["a.T . b"] = new(t => t[0].T.MatMul(t[1]), () => [Normal(518, 3, 2), Normal(519, 3, 4)]),
        ["a . b.T"] = new(t => t[0].MatMul(t[1].T), () => [Normal(520, 2, 3), Normal(521, 4, 3)]),
        ["a.T . b.T"] = new(t => t[0].T.MatMul(t[1].T), () => [Normal(522, 3, 2), Normal(523, 4, 3)]),
        ["batched transposed operands"] = new(t => t[0].Transpose(-1, -2).MatMul(t[1].Transpose(1, 2)),
            () => [Normal(524, 2, 3, 2), Normal(525, 2, 4, 3)]),
        ["transposed leaf . strided leaf"] = new(t => t[0].MatMul(t[1]), () => [Transposed(526, 2, 3), Strided(527, 3, 4)]),
        ["row-strided leaf . transposed leaf"] = new(t => t[0].MatMul(t[1]), () => [RowStrided(528, 2, 3), Transposed(529, 3, 2)]),
        ["expanded batch operand"] = new(t => t[0].Expand(2, 2, 3).MatMul(t[1]), () => [Normal(530, 2, 3), Normal(531, 2, 3, 2)]),
        ["x . x.T"] = new(t => t[0].MatMul(t[0].T), () => [Normal(532, 2, 3)]),
        ["1-wide matrices"] = new(t => t[0].MatMul(t[1]), () => [Normal(533, 3, 1), Normal(534, 1, 2)]),
    };

    public static TheoryData<string> MatMulNames => Names(MatMulCases);

    [Theory]
    [MemberData(nameof(MatMulNames))]
    public void MatMul(string name) => Run(MatMulCases, name);

    // ---------------------------------------------------------------- leaves that are views with offsets and permutations

    private static Tensor Raw(ulong seed, params int[] shape) => Tensor.Normal(shape, generator: new Generator(seed));

    private static readonly Dictionary<string, Case> ViewLeafCases = new()
    {
        ["row of a matrix (offset, contiguous)"] = new(t => t[0].Exp() * t[0], () => [Leaf(Raw(700, 3, 4).Select(0, 1))]),
        ["column of a matrix (offset, strided)"] = new(t => t[0].Softmax(0), () => [Leaf(Raw(701, 3, 4).Select(1, 2))]),
        ["narrowed block"] = new(t => t[0].MatMul(t[1]), () => [Leaf(Raw(702, 4, 5).Narrow(0, 1, 2).Narrow(1, 2, 3)), Normal(703, 3, 2)]),
        ["permuted 3-D batched matmul"] = new(t => t[0].MatMul(t[1]), () => [Leaf(Raw(704, 3, 2, 4).Permute(1, 0, 2)), Normal(705, 2, 4, 2)]),
        ["permuted 3-D softmax and sum"] = new(t => t[0].LogSoftmax(1).Sum(2), () => [Leaf(Raw(706, 4, 2, 3).Permute(2, 1, 0))]),
        ["transposed batch operand"] = new(t => t[1].MatMul(t[0]), () => [Leaf(Raw(707, 2, 3, 4).Transpose(1, 2)), Normal(708, 2, 2, 4)]),
        ["strided gather, scatter_add and index_select"] = new(
            t => t[0].Gather(1, Indices([1, 0, 2, 2, 1, 0], 2, 3)).ScatterAdd(0, Indices([1, 0, 1], 1, 3), t[0].IndexSelect(0, Indices([1])).Narrow(1, 0, 3)),
            () => [Leaf(Raw(709, 2, 8).Slice(1, 1, 8, 2))]),
        ["offset view in pad, concat and stack"] = new(
            t => Tensor.Concat([Tensor.Stack([t[0].Pad([1, 0], PadMode.Replicate), t[0].Pad([0, 1], PadMode.Reflect).Square()]).Flatten(), t[0].Flatten()]),
            () => [Leaf(Raw(710, 5, 3).Narrow(0, 2, 3))]),
    };

    public static TheoryData<string> ViewLeafNames => Names(ViewLeafCases);

    [Theory]
    [MemberData(nameof(ViewLeafNames))]
    public void ViewLeaf(string name)
    {
        var inputs = ViewLeafCases[name].Inputs();
        Assert.True(inputs[0].Offset != 0 || !inputs[0].IsContiguous, "the first input should be a view with an offset or strides");
        Run(ViewLeafCases, name);
    }

    // ---------------------------------------------------------------- compositions and GradCheck itself

    [Fact]
    public void TransposedViewOfDefaultRandnLeaf()
    {
        var x = Tensor.Randn(4, 3).Detach().T;
        Assert.True(x.IsLeaf);
        Assert.False(x.IsContiguous);
        x.RequiresGrad = true;
        var w = Normal(600, 4, 2);
        Check(t => t[0].MatMul(t[1]).Tanh().Sum(1), x, w);
    }

    [Fact]
    public void SmallNetworkComposition()
    {
        var x = Normal(601, 4, 3);
        var w = Normal(602, 3, 5);
        var b = Normal(603, 5);
        Check(t => t[0].MatMul(t[1]).Add(t[2]).Gelu().LogSoftmax(1).Mean(), x, w, b);
    }

    [Fact]
    public void GradCheckAssertPassesForACorrectGradient() =>
        GradCheck.Assert(t => t[0].Exp().Mul(t[1]).Sum(0), Normal(604, 2, 3), Normal(605, 3));

    [Fact]
    public void GradCheckReportsWhatItChecked()
    {
        var result = GradCheck.Run(t => t[0].Sin(), [Normal(606, 2, 3)]);
        Assert.True(result.Passed);
        Assert.Equal(6, result.Checked);
        Assert.True(result.MaxAbsoluteError < 1e-3);
        Assert.StartsWith("GradCheck passed on 6 elements", result.ToString());
    }

    [Fact]
    public void GradCheckRejectsInputsThatAreNotGradLeaves()
    {
        var plain = Tensor.Ones(2);
        var ex = Assert.Throws<ArgumentException>(() => GradCheck.Run(t => t[0].Exp(), [plain]));
        Assert.Contains("input 0 must be a leaf tensor with RequiresGrad = true", ex.Message);
        var nonLeaf = Normal(607, 2).MulScalar(2f);
        ex = Assert.Throws<ArgumentException>(() => GradCheck.Run(t => t[0].Exp(), [Normal(608, 2), nonLeaf]));
        Assert.Contains("input 1", ex.Message);
    }

    [Fact]
    public void GradCheckFailsAcrossAKink()
    {
        // A finite difference that straddles relu's kink at 0 sees a slope of 0.75 (eps 1e-3) or 0.625 (eps 2e-3)
        // where autograd says 1: the check must report that rather than pass.
        var x = Leaf(Tensor.FromArray([5e-4f], 1));
        var result = GradCheck.Run(t => t[0].Relu(), [x], epsilon: 2e-3, absoluteTolerance: 1e-3, relativeTolerance: 1e-3);
        Assert.False(result.Passed);
        Assert.Contains("FAILED", result.ToString());
        Assert.Throws<InvalidOperationException>(() => GradCheck.Assert(t => t[0].Relu(), x));
    }
}
