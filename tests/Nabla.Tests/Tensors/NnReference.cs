using Nabla.Tests.Reference;

namespace Nabla.Tests.Tensors;

/// <summary>
/// Runs one case of fixtures/nn_ops.json (written by fixtures/generate_nn_ops.py): builds the inputs (differentiable
/// ones as grad leaves), applies the op through a caller-supplied mapping, compares every output, back-propagates the
/// fixture's upstream gradients (several differentiable outputs: their flattened concatenation) and compares every
/// input gradient. Shared by the op tests (Tensors/) and the loss tests (Losses/).
/// An element passes when |got − want| ≤ atol + rtol·|want|, with (rtol, atol) chosen per op family by the caller.
/// </summary>
internal static class NnReference
{
    private static readonly Lazy<IReadOnlyDictionary<string, FixtureCase>> All = new(() => Fixture.Load("nn_ops.json"));

    public static IReadOnlyDictionary<string, FixtureCase> Cases => All.Value;

    /// <summary>Names of the cases whose op satisfies <paramref name="filter"/>.</summary>
    public static TheoryData<string> Names(Func<string, bool> filter)
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases.Values)
            if (filter(c.Op)) data.Add(c.Name);
        return data;
    }

    /// <param name="apply">Maps the case and its input tensors to Nabla's outputs.</param>
    /// <param name="tolerance">(rtol, atol) for the case, given the largest |value| expected in the compared tensor.</param>
    public static void Check(FixtureCase c, Func<FixtureCase, Tensor[], Tensor[]> apply, Func<FixtureCase, double, (double Rtol, double Atol)> tolerance)
    {
        var inputs = new Tensor[c.Inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = Tensor.FromArray(c.Inputs[i].Data, c.Inputs[i].Shape);
            if (c.Inputs[i].Grad is not null) inputs[i].RequiresGrad = true;
        }
        var outputs = apply(c, inputs);
        Assert.True(outputs.Length == c.Outputs.Length, $"{c.Name}: {outputs.Length} outputs, fixture has {c.Outputs.Length}");
        for (int k = 0; k < outputs.Length; k++)
        {
            var want = c.Outputs[k];
            Assert.True(outputs[k].Shape.SequenceEqual(want.Shape),
                $"{c.Name}: output {k} has shape [{string.Join(", ", outputs[k].Shape.ToArray())}], want [{string.Join(", ", want.Shape)}]");
            AssertClose(c, $"output {k}", want.Data, outputs[k].ToArray(), tolerance);
        }

        var differentiable = Enumerable.Range(0, outputs.Length).Where(k => c.Outputs[k].Upstream is not null).ToArray();
        if (differentiable.Length == 0) return;
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
        for (int i = 0; i < inputs.Length; i++)
        {
            var want = c.Inputs[i].Grad;
            if (want is null) continue;
            var grad = inputs[i].Grad;
            if (grad is null)
            {
                Assert.True(want.All(v => v == 0f), $"{c.Name}: input {i} got no gradient, want a non-zero one");
                continue;
            }
            Assert.True(grad.Shape.SequenceEqual(c.Inputs[i].Shape), $"{c.Name}: gradient of input {i} has the wrong shape");
            AssertClose(c, $"gradient of input {i}", want, grad.ToArray(), tolerance);
        }
    }

    public static float[] Floats(this FixtureCase c, string key) =>
        c.Args[key].EnumerateArray().Select(e => e.GetSingle()).ToArray();

    private static void AssertClose(FixtureCase c, string what, float[] want, float[] got,
                                    Func<FixtureCase, double, (double Rtol, double Atol)> tolerance)
    {
        Assert.True(got.Length == want.Length, $"{c.Name}: {what} has {got.Length} values, want {want.Length}");
        double maxWant = 0;
        foreach (float w in want) maxWant = Math.Max(maxWant, Math.Abs(w));
        var (rtol, atol) = tolerance(c, maxWant);
        for (int i = 0; i < want.Length; i++)
        {
            double err = Math.Abs((double)got[i] - want[i]);
            bool sameInfinity = float.IsInfinity(want[i]) && got[i] == want[i];
            if (!sameInfinity && (float.IsNaN(got[i]) != float.IsNaN(want[i]) || err > atol + rtol * Math.Abs(want[i])))
                Assert.Fail($"{c.Name} ({c.Op}): {what} element {i}: got {got[i]:R}, want {want[i]:R} " +
                            $"(|diff| {err:G3} > tolerance {atol + rtol * Math.Abs(want[i]):G3})");
        }
    }
}
