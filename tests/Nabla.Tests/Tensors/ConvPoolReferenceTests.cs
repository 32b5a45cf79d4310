using Nabla.Tests.Reference;

namespace Nabla.Tests.Tensors;

/// <summary>
/// Conv2d, Conv1d, ConvTranspose2d, MaxPool2d(WithIndices), MaxPool1d, AvgPool2d and AdaptiveAvgPool2d, forward and
/// backward, against PyTorch 1.13 on the fixed inputs of fixtures/conv.json (written by fixtures/generate_conv.py).
/// The fixture holds the float64 result of the float32 inputs rounded once to float32, so the tolerances measure
/// Nabla's own float32 error.
///
/// An element passes when |got − want| ≤ atol + rtol·|want|, where S is the largest sum of |terms| accumulated into
/// one element of that tensor (the fixture's "scale"/"gradScale": the op re-run on |inputs| with |upstream|):
///
/// | checked tensors                                              | rtol | atol           |
/// |--------------------------------------------------------------|------|----------------|
/// | max pooling forward values and indices                       | 0    | 0              |
/// | everything else (conv outputs, all gradients, average pools) | 1e-5 | 1e-5·max(1, S) |
///
/// Why: max pooling selects an input value, so it must be exact (and the indices must pick the same, first, maximum
/// on ties). Everything else adds up n float32 terms in some order (GEMM blocking, im2col, window sums): the error
/// is bounded by about n·eps·S and typically √n·eps·S; with n ≤ 72 here that is ≤ 1e-6·S, so 1e-5·S leaves room for
/// summation order while any indexing or geometry bug (an O(1) error on some element) fails.
/// </summary>
public sealed class ConvPoolReferenceTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, FixtureCase>> Cases = new(() => Fixture.Load("conv.json"));

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Value.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesPyTorch(string name) => Check(Cases.Value[name]);

    [Fact]
    public void FixtureCoversEveryOp()
    {
        var ops = Cases.Value.Values.Select(c => c.Op).ToHashSet();
        string[] expected =
        [
            "conv2d", "conv1d", "conv_transpose2d", "max_pool2d", "max_pool2d_with_indices", "max_pool1d",
            "avg_pool2d", "adaptive_avg_pool2d",
        ];
        Assert.Equal(expected.Order(), ops.Order());
    }

    private static void Check(FixtureCase c)
    {
        var leaves = c.Inputs.Select(i =>
        {
            var t = Tensor.FromArray(i.Data, i.Shape);
            t.RequiresGrad = true;
            return t;
        }).ToArray();

        var outputs = Apply(c, leaves);
        Assert.Equal(c.Outputs.Length, outputs.Length);
        bool exactForward = c.Op.StartsWith("max_pool", StringComparison.Ordinal);
        for (int k = 0; k < outputs.Length; k++)
        {
            var want = c.Outputs[k];
            Assert.True(want.Shape.AsSpan().SequenceEqual(outputs[k].Shape),
                $"{c.Name}: output {k} has shape [{string.Join(", ", outputs[k].Shape.ToArray())}], PyTorch [{string.Join(", ", want.Shape)}]");
            AssertClose(c, $"output {k}", want.Data, outputs[k].ToArray(), exactForward, want.Scale);
        }

        var o = c.Outputs[0];
        outputs[0].Backward(Tensor.FromArray(o.Upstream!, o.Shape));
        for (int i = 0; i < c.Inputs.Length; i++)
        {
            var grad = leaves[i].Grad;
            Assert.True(grad is not null, $"{c.Name}: input {i} got no gradient");
            Assert.True(c.Inputs[i].Shape.AsSpan().SequenceEqual(grad!.Shape), $"{c.Name}: gradient {i} has the wrong shape");
            AssertClose(c, $"grad of input {i}", c.Inputs[i].Grad!, grad.ToArray(), exact: false, c.Inputs[i].GradScale);
        }
    }

    private static (int, int) Pair(FixtureCase c, string key)
    {
        var v = c.Ints(key);
        return (v[0], v[1]);
    }

    private static (int, int)? OptionalPair(FixtureCase c, string key) => c.Has(key) ? Pair(c, key) : null;

    private static Tensor[] Apply(FixtureCase c, Tensor[] x)
    {
        Tensor? bias = x.Length > 2 ? x[2] : null;
        switch (c.Op)
        {
            case "conv2d":
                return [Tensor.Conv2d(x[0], x[1], bias, Pair(c, "stride"), Pair(c, "padding"), Pair(c, "dilation"), c.Int("groups"))];
            case "conv1d":
                return [Tensor.Conv1d(x[0], x[1], bias, c.Int("stride"), c.Int("padding"), c.Int("dilation"), c.Int("groups"))];
            case "conv_transpose2d":
                return [Tensor.ConvTranspose2d(x[0], x[1], bias, Pair(c, "stride"), Pair(c, "padding"), Pair(c, "outputPadding"),
                    Pair(c, "dilation"), c.Int("groups"))];
            case "max_pool2d":
                return [Tensor.MaxPool2d(x[0], Pair(c, "kernel"), OptionalPair(c, "stride"), Pair(c, "padding"), Pair(c, "dilation"),
                    c.Bool("ceilMode"))];
            case "max_pool2d_with_indices":
                var (values, indices) = Tensor.MaxPool2dWithIndices(x[0], Pair(c, "kernel"), OptionalPair(c, "stride"),
                    Pair(c, "padding"), Pair(c, "dilation"), c.Bool("ceilMode"));
                return [values, indices];
            case "max_pool1d":
                return [Tensor.MaxPool1d(x[0], c.Int("kernel"), c.OptionalInt("stride"), c.Int("padding"), c.Int("dilation"),
                    c.Bool("ceilMode"))];
            case "avg_pool2d":
                return [Tensor.AvgPool2d(x[0], Pair(c, "kernel"), OptionalPair(c, "stride"), Pair(c, "padding"), c.Bool("ceilMode"),
                    c.Bool("countIncludePad"), c.OptionalInt("divisorOverride"))];
            case "adaptive_avg_pool2d":
                return [Tensor.AdaptiveAvgPool2d(x[0], Pair(c, "outputSize"))];
            default:
                throw new InvalidOperationException($"{c.Name}: fixture op '{c.Op}' has no Nabla mapping");
        }
    }

    private static void AssertClose(FixtureCase c, string what, float[] want, float[] got, bool exact, double? scale)
    {
        Assert.True(want.Length == got.Length, $"{c.Name}: {what} has {got.Length} values, PyTorch {want.Length}");
        double s = scale ?? want.Select(v => (double)Math.Abs(v)).DefaultIfEmpty(0).Max();
        double rtol = exact ? 0 : 1e-5, atol = exact ? 0 : 1e-5 * Math.Max(1, s);
        for (int i = 0; i < want.Length; i++)
        {
            double err = Math.Abs((double)got[i] - want[i]);
            Assert.True(err <= atol + rtol * Math.Abs(want[i]),
                $"{c.Name}: {what}[{i}] = {got[i]:R}, PyTorch {want[i]:R} (error {err:E2}, allowed {atol + rtol * Math.Abs(want[i]):E2})");
        }
    }
}
