namespace Nabla.Tests.Reference;

/// <summary>
/// Every tensor op, forward and backward, against PyTorch 1.13 on the fixed inputs of fixtures/ops.json (written by
/// fixtures/generate.py). The fixture holds the float64 result of the float32 inputs rounded once to float32, so
/// the tolerances below measure Nabla's own float32 error, not PyTorch's.
///
/// Each case: build the inputs (leaves; index/mask inputs as float tensors without gradient; "transposed" inputs
/// passed as leaf.Transpose(-2, -1)), apply the op, check every output's shape and values, back-propagate the
/// fixture's upstream gradient (several differentiable outputs: the concatenation of the flattened outputs with the
/// concatenation of the flattened upstreams), and check each differentiable input's gradient shape and values.
///
/// An element passes when |got − want| ≤ atol + rtol·|want|. S is the largest sum of |terms| that one element
/// accumulates (the fixture's "scale"/"gradScale", see generate.py); where the fixture gives none, S = max|want|.
///
/// | family       | checked tensors                                                 | rtol | atol                   |
/// |--------------|-----------------------------------------------------------------|------|------------------------|
/// | exact        | comparisons, argmax/argmin, max/min indices, amax/amin/max/min  | 0    | 0                      |
/// |              | values, forward of views/indexing/joining/pad/masked_fill       |      |                        |
/// | element-wise | forward of unary and binary ops, where, pow; their gradients    | 1e-5 | 1e-6·max(1, max|want|) |
/// |              | for operands of the output's shape; amax/amin/max/min gradients |      |                        |
/// | accumulating | sum, mean, var, std, logsumexp, softmax, log_softmax, matmul,   | 1e-5 | 1e-5·max(1, S)         |
/// |              | scatter_add forward; gradients of broadcast operands and of     |      |                        |
/// |              | views/indexing/joining/pad; all reduction and matmul gradients  |      |                        |
/// | relative     | forward of the "*_small" cases (tanh, log1p, sin at |x| ≤ 0.02) | 1e-5 | 0                      |
///
/// Why: one float32 rounding is 6e-8 relative. A correctly implemented element-wise op (a few roundings, or a
/// polynomial/SIMD approximation good to a few ulp) stays far inside rtol = 1e-5 (≈ 80 ulp); atol covers results
/// near zero, where the relative error of a difference such as 1 − σ(x) or eˣ − 1 is meaningless. An op that adds
/// up n terms in float32, in whatever order (blocked GEMM, SIMD lanes, pairwise sums), has an error bounded by
/// about n·eps·Σ|terms| and typically √n·eps·Σ|terms|; for the sizes here (n ≤ 300) the typical error is
/// ≤ 2e-6·S, so 1e-5·S leaves head-room for summation-order differences while any indexing, broadcasting, or
/// formula bug (an O(1) relative error) still fails. Measured when written: the largest error of any checked
/// element was 0.1 of its tolerance (tanh/sigmoid gradients), most were below 0.01. Copies and selections involve no arithmetic, so they must be exact.
/// Near zero, tanh, log1p and sin behave like x and a float32 result keeps full relative precision (PyTorch's
/// float32 kernels are within 1 ulp there; log1p exists for exactly this), so those cases drop atol, which would
/// otherwise hide any error below 1e-6. Not so for elu/softplus/gelu tails: PyTorch itself computes eˣ − 1 and
/// 1 + tanh(·) there, so only the absolute bound applies.
/// </summary>
public sealed class OpsReferenceTests
{
    private enum Tolerance { Exact, Elementwise, Accumulating, Relative }

    /// <summary>Cases whose forward is checked with the relative-only tolerance (see the table).</summary>
    private static readonly HashSet<string> RelativeCases =
        ["tanh_small", "tanh_small_transposed", "log1p_small", "log1p_small_transposed", "sin_small", "sin_small_transposed"];

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in Fixture.Ops.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name) => Check(Fixture.Ops[name]);

    [Fact]
    public void RelativeToleranceCasesExist()
    {
        foreach (var name in RelativeCases)
            Assert.True(Fixture.Ops.ContainsKey(name), $"case '{name}' is listed here but missing from ops.json");
    }

    [Fact]
    public void FixtureCoversEveryOp()
    {
        var ops = Fixture.Ops.Values.Select(c => c.Op).ToHashSet();
        string[] expected =
        [
            "add", "sub", "mul", "div", "pow", "maximum", "minimum", "eq", "ne", "lt", "le", "gt", "ge", "where",
            "neg", "abs", "exp", "log", "log1p", "sqrt", "rsqrt", "square", "sin", "cos", "sigmoid", "tanh", "relu",
            "leaky_relu", "elu", "gelu", "softplus", "silu", "clamp", "pow_scalar", "sum", "mean", "var", "std",
            "logsumexp", "amax", "amin", "max_dim", "min_dim", "argmax", "argmin", "softmax", "log_softmax",
            "reshape", "flatten", "squeeze", "unsqueeze", "permute", "transpose", "expand", "slice", "narrow",
            "select", "split", "chunk", "index_select", "gather", "scatter_add", "masked_fill", "concat", "stack",
            "pad", "matmul",
        ];
        var missing = expected.Where(op => !ops.Contains(op)).ToArray();
        var unmapped = ops.Where(op => !expected.Contains(op)).ToArray();
        Assert.True(missing.Length == 0, $"ops without a fixture case: {string.Join(", ", missing)}");
        Assert.True(unmapped.Length == 0, $"fixture ops not listed here: {string.Join(", ", unmapped)}");
    }

    private static void Check(FixtureCase c)
    {
        var leaves = new Tensor[c.Inputs.Length];
        var args = new Tensor[c.Inputs.Length];
        for (int i = 0; i < c.Inputs.Length; i++)
        {
            var input = c.Inputs[i];
            Assert.True(input.Data.Length == Numel(input.Shape), $"{c.Name}: input {i} has {input.Data.Length} values for shape {Format(input.Shape)}");
            leaves[i] = Tensor.FromArray(input.Data, input.Shape);
            if (input.Grad is not null) leaves[i].RequiresGrad = true;
            args[i] = input.Transposed ? leaves[i].Transpose(-2, -1) : leaves[i];
        }

        var outputs = Apply(c, args);
        Assert.True(outputs.Length == c.Outputs.Length, $"{c.Name}: {outputs.Length} outputs, fixture has {c.Outputs.Length}");
        for (int k = 0; k < outputs.Length; k++)
        {
            var want = c.Outputs[k];
            string what = outputs.Length == 1 ? "output" : $"output {k}";
            AssertShape(c, what, want.Shape, outputs[k].Shape);
            var tol = RelativeCases.Contains(c.Name) ? Tolerance.Relative : ForwardTolerance(c.Op);
            AssertClose(c, what, want.Data, outputs[k].ToArray(), tol, want.Scale);
        }

        var differentiable = Enumerable.Range(0, outputs.Length).Where(k => c.Outputs[k].Upstream is not null).ToArray();
        if (differentiable.Length == 0)
        {
            Assert.True(c.Inputs.All(i => i.Grad is null), $"{c.Name}: fixture has input gradients but no upstream");
            return;
        }
        if (differentiable.Length == 1)
        {
            var o = c.Outputs[differentiable[0]];
            outputs[differentiable[0]].Backward(Tensor.FromArray(o.Upstream!, o.Shape));
        }
        else
        {
            var flat = differentiable.Select(k => outputs[k].Reshape(-1)).ToArray();
            var upstream = differentiable.SelectMany(k => c.Outputs[k].Upstream!).ToArray();
            Tensor.Concat(flat, 0).Backward(Tensor.FromArray(upstream, upstream.Length));
        }

        int outRank = c.Outputs[0].Shape.Length;
        for (int i = 0; i < c.Inputs.Length; i++)
        {
            var input = c.Inputs[i];
            if (input.Grad is null) continue;
            string what = $"grad of input {i}";
            var grad = leaves[i].Grad;
            Assert.True(grad is not null, $"{c.Name}: {what} is null after Backward");
            AssertShape(c, what, input.Shape, grad!.Shape);
            var viewShape = input.Transposed ? Swapped(input.Shape) : input.Shape;
            bool broadcast = !c.Outputs[0].Shape.AsSpan().SequenceEqual(viewShape) || viewShape.Length != outRank;
            AssertClose(c, what, input.Grad, grad.ToArray(), GradTolerance(c.Op, broadcast), input.GradScale);
        }
    }

    /// <summary>Maps a fixture op name to the Nabla call.</summary>
    private static Tensor[] Apply(FixtureCase c, Tensor[] x) => c.Op switch
    {
        "add" => [x[0].Add(x[1])],
        "sub" => [x[0].Sub(x[1])],
        "mul" => [x[0].Mul(x[1])],
        "div" => [x[0].Div(x[1])],
        "pow" => [x[0].Pow(x[1])],
        "maximum" => [x[0].Maximum(x[1])],
        "minimum" => [x[0].Minimum(x[1])],
        "eq" => [x[0].Eq(x[1])],
        "ne" => [x[0].Ne(x[1])],
        "lt" => [x[0].Lt(x[1])],
        "le" => [x[0].Le(x[1])],
        "gt" => [x[0].Gt(x[1])],
        "ge" => [x[0].Ge(x[1])],
        "where" => [Tensor.Where(x[0], x[1], x[2])],
        "neg" => [x[0].Neg()],
        "abs" => [x[0].Abs()],
        "exp" => [x[0].Exp()],
        "log" => [x[0].Log()],
        "log1p" => [x[0].Log1p()],
        "sqrt" => [x[0].Sqrt()],
        "rsqrt" => [x[0].Rsqrt()],
        "square" => [x[0].Square()],
        "sin" => [x[0].Sin()],
        "cos" => [x[0].Cos()],
        "sigmoid" => [x[0].Sigmoid()],
        "tanh" => [x[0].Tanh()],
        "relu" => [x[0].Relu()],
        "leaky_relu" => [x[0].LeakyRelu(c.Float("slope"))],
        "elu" => [x[0].Elu(c.Float("alpha"))],
        "gelu" => [x[0].Gelu(c.Bool("tanh"))],
        "softplus" => [x[0].Softplus(c.Float("beta"), c.Float("threshold"))],
        "silu" => [x[0].Silu()],
        "clamp" => [x[0].Clamp(c.Float("min", float.NegativeInfinity), c.Float("max", float.PositiveInfinity))],
        "pow_scalar" => [x[0].Pow(c.Float("exponent"))],
        "sum" => [c.Has("dim") ? x[0].Sum(c.Int("dim"), c.Bool("keepdim"))
                  : c.Has("dims") ? x[0].Sum(c.Ints("dims"), c.Bool("keepdim")) : x[0].Sum()],
        "mean" => [c.Has("dim") ? x[0].Mean(c.Int("dim"), c.Bool("keepdim"))
                   : c.Has("dims") ? x[0].Mean(c.Ints("dims"), c.Bool("keepdim")) : x[0].Mean()],
        "var" => [x[0].Var(c.Ints("dims"), c.Int("correction"), c.Bool("keepdim"))],
        "std" => [x[0].Std(c.Ints("dims"), c.Int("correction"), c.Bool("keepdim"))],
        "logsumexp" => [x[0].LogSumExp(c.Ints("dims"), c.Bool("keepdim"))],
        "amax" => [x[0].Amax(c.Ints("dims"), c.Bool("keepdim"))],
        "amin" => [x[0].Amin(c.Ints("dims"), c.Bool("keepdim"))],
        "max_dim" => Pair(x[0].Max(c.Int("dim"), c.Bool("keepdim"))),
        "min_dim" => Pair(x[0].Min(c.Int("dim"), c.Bool("keepdim"))),
        "argmax" => [x[0].Argmax(c.Int("dim"), c.Bool("keepdim"))],
        "argmin" => [x[0].Argmin(c.Int("dim"), c.Bool("keepdim"))],
        "softmax" => [x[0].Softmax(c.Int("dim"))],
        "log_softmax" => [x[0].LogSoftmax(c.Int("dim"))],
        "reshape" => [x[0].Reshape(c.Ints("shape"))],
        "flatten" => [x[0].Flatten(c.Int("start"), c.Int("end"))],
        "squeeze" => [x[0].Squeeze(c.OptionalInt("dim"))],
        "unsqueeze" => [x[0].Unsqueeze(c.Int("dim"))],
        "permute" => [x[0].Permute(c.Ints("dims"))],
        "transpose" => [x[0].Transpose(c.Int("dim0"), c.Int("dim1"))],
        "expand" => [x[0].Expand(c.Ints("shape"))],
        "slice" => [x[0].Slice(c.Int("dim"), c.Int("start"), c.Int("end"), c.Int("step"))],
        "narrow" => [x[0].Narrow(c.Int("dim"), c.Int("start"), c.Int("length"))],
        "select" => [x[0].Select(c.Int("dim"), c.Int("index"))],
        "split" => x[0].Split(c.Int("size"), c.Int("dim")),
        "chunk" => x[0].Chunk(c.Int("chunks"), c.Int("dim")),
        "index_select" => [x[0].IndexSelect(c.Int("dim"), x[1])],
        "gather" => [x[0].Gather(c.Int("dim"), x[1])],
        "scatter_add" => [x[0].ScatterAdd(c.Int("dim"), x[1], x[2])],
        "masked_fill" => [x[0].MaskedFill(x[1], c.Float("value"))],
        "concat" => [Tensor.Concat(x, c.Int("dim"))],
        "stack" => [Tensor.Stack(x, c.Int("dim"))],
        "pad" => [x[0].Pad(c.Ints("padding"), ParsePadMode(c.String("mode")), c.Float("value"))],
        "matmul" => [x[0].MatMul(x[1])],
        _ => throw new InvalidOperationException($"{c.Name}: fixture op '{c.Op}' has no Nabla mapping"),
    };

    private static Tensor[] Pair((Tensor Values, Tensor Indices) r) => [r.Values, r.Indices];

    private static PadMode ParsePadMode(string mode) => mode switch
    {
        "constant" => PadMode.Constant,
        "reflect" => PadMode.Reflect,
        "replicate" => PadMode.Replicate,
        _ => throw new InvalidOperationException($"unknown pad mode '{mode}'"),
    };

    private static readonly HashSet<string> ElementwiseOps =
    [
        "add", "sub", "mul", "div", "pow", "maximum", "minimum", "where", "neg", "abs", "exp", "log", "log1p", "sqrt",
        "rsqrt", "square", "sin", "cos", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "softplus", "silu",
        "clamp", "pow_scalar",
    ];

    private static readonly HashSet<string> ExactOps =
    [
        "eq", "ne", "lt", "le", "gt", "ge", "argmax", "argmin", "amax", "amin", "max_dim", "min_dim",
        "reshape", "flatten", "squeeze", "unsqueeze", "permute", "transpose", "expand", "slice", "narrow", "select",
        "split", "chunk", "index_select", "gather", "masked_fill", "concat", "stack", "pad",
    ];

    private static readonly HashSet<string> SelectionOps = ["amax", "amin", "max_dim", "min_dim"];

    private static Tolerance ForwardTolerance(string op) =>
        ElementwiseOps.Contains(op) ? Tolerance.Elementwise
        : ExactOps.Contains(op) ? Tolerance.Exact
        : Tolerance.Accumulating;

    /// <param name="broadcast">The op saw this input with a shape other than the output's, so its gradient sums.</param>
    private static Tolerance GradTolerance(string op, bool broadcast) =>
        SelectionOps.Contains(op) ? Tolerance.Elementwise
        : ElementwiseOps.Contains(op) && !broadcast ? Tolerance.Elementwise
        : Tolerance.Accumulating;

    private static void AssertShape(FixtureCase c, string what, int[] want, ReadOnlySpan<int> got)
    {
        if (!got.SequenceEqual(want))
            Assert.Fail($"{c.Name}: {what} has shape {Format(got)}, want {Format(want)}");
    }

    private static void AssertClose(FixtureCase c, string what, float[] want, float[] got, Tolerance tol, double? scale)
    {
        Assert.True(got.Length == want.Length, $"{c.Name}: {what} has {got.Length} values, want {want.Length}");
        double maxWant = 0;
        foreach (float w in want) maxWant = Math.Max(maxWant, Math.Abs(w));
        (double rtol, double atol) = tol switch
        {
            Tolerance.Exact => (0.0, 0.0),
            Tolerance.Elementwise => (1e-5, 1e-6 * Math.Max(1, maxWant)),
            Tolerance.Relative => (1e-5, 0.0),
            _ => (1e-5, 1e-5 * Math.Max(1, scale ?? maxWant)),
        };
        for (int i = 0; i < want.Length; i++)
        {
            double err = Math.Abs((double)got[i] - want[i]);
            if (float.IsNaN(got[i]) || err > atol + rtol * Math.Abs(want[i]))
                Assert.Fail($"{c.Name} ({c.Op}): {what} element {i}: got {got[i]:R}, want {want[i]:R} " +
                            $"(|diff| {err:G3} > {tol} tolerance {atol + rtol * Math.Abs(want[i]):G3})");
        }
    }

    private static int[] Swapped(int[] shape)
    {
        var s = (int[])shape.Clone();
        (s[^1], s[^2]) = (s[^2], s[^1]);
        return s;
    }

    private static int Numel(int[] shape)
    {
        int n = 1;
        foreach (int d in shape) n *= d;
        return n;
    }

    private static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
