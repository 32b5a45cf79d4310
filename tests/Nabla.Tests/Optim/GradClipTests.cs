using Nabla.Optim;

namespace Nabla.Tests.Optim;

/// <summary>
/// GradClip and Constraints.MaxNorm against clip_grad_norm_, clip_grad_value_ and torch.renorm (fixtures/optim.json).
/// Norms are accumulated in double here and in float32 by PyTorch, so values agree to ~1e-6 relative.
/// </summary>
public sealed class GradClipTests
{
    private static Tensor[] Params()
    {
        var clip = OptimFixture.Root.GetProperty("clip");
        var shapes = clip.GetProperty("shapes").EnumerateArray().Select(s => s.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray();
        var grads = clip.GetProperty("grads").EnumerateArray().Select(OptimFixture.Floats).ToArray();
        var ps = new Tensor[shapes.Length];
        for (int i = 0; i < ps.Length; i++)
        {
            ps[i] = Tensor.Zeros(shapes[i]);
            ps[i].RequiresGrad = true;
            ps[i].Grad = Tensor.FromArray(grads[i], shapes[i]);
        }
        return ps;
    }

    [Fact]
    public void ClipGradNormMatchesPyTorch()
    {
        int checkedCases = 0;
        foreach (var c in OptimFixture.Root.GetProperty("clip").GetProperty("cases").EnumerateArray())
        {
            if (c.GetProperty("kind").GetString() != "norm") continue;
            var nt = c.GetProperty("norm_type");
            double normType = nt.ValueKind == System.Text.Json.JsonValueKind.String ? double.PositiveInfinity : nt.GetDouble();
            var ps = Params();
            double total = GradClip.ClipGradNorm(ps, c.GetProperty("max").GetDouble(), normType);
            double expected = c.GetProperty("total").GetDouble();
            Assert.True(Math.Abs(total - expected) <= 2e-6 * expected, $"norm {normType}: total {total} vs {expected}");
            var grads = c.GetProperty("grads").EnumerateArray().Select(OptimFixture.Floats).ToArray();
            for (int i = 0; i < ps.Length; i++)
                OptimizerTrajectoryTests.AssertClose(grads[i], ps[i].Grad!.ContiguousSpan().ToArray(), $"clip norm {normType} grad {i}");
            checkedCases++;
        }
        Assert.Equal(8, checkedCases);
    }

    [Fact]
    public void ClipGradValueMatchesPyTorch()
    {
        var c = OptimFixture.Root.GetProperty("clip").GetProperty("cases").EnumerateArray().Single(x => x.GetProperty("kind").GetString() == "value");
        var ps = Params();
        GradClip.ClipGradValue(ps, c.GetProperty("max").GetDouble());
        var grads = c.GetProperty("grads").EnumerateArray().Select(OptimFixture.Floats).ToArray();
        for (int i = 0; i < ps.Length; i++)
            Assert.Equal(grads[i], ps[i].Grad!.ContiguousSpan().ToArray());
    }

    [Fact]
    public void ClipSkipsParametersWithoutGradient()
    {
        var p = Tensor.Ones(3);
        p.RequiresGrad = true;
        Assert.Equal(0, GradClip.ClipGradNorm([p], 1.0));
        Assert.Null(p.Grad);
    }

    [Fact]
    public void ClipRejectsBadArguments()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => GradClip.ClipGradNorm(Params(), 0));
        Assert.Contains("maxNorm", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => GradClip.ClipGradNorm(Params(), 1, normType: 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradClip.ClipGradValue(Params(), -1));
    }

    [Fact]
    public void NonFiniteNormThrowsWhenAsked()
    {
        var ps = Params();
        ps[0].Grad!.ContiguousSpan()[0] = float.NaN;
        var ex = Assert.Throws<InvalidOperationException>(() => GradClip.ClipGradNorm(ps, 1, errorIfNonfinite: true));
        Assert.Contains("NaN", ex.Message);
    }

    [Fact]
    public void MaxNormMatchesTorchRenorm()
    {
        var r = OptimFixture.Root.GetProperty("renorm");
        int[] shape = r.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        var w0 = OptimFixture.Floats(r.GetProperty("weight"));
        foreach (var c in r.GetProperty("cases").EnumerateArray())
        {
            var w = Tensor.FromArray(w0, shape);
            Constraints.MaxNorm(w, c.GetProperty("max_norm").GetSingle(), c.GetProperty("dim").GetInt32());
            OptimizerTrajectoryTests.AssertClose(OptimFixture.Floats(c.GetProperty("result")), w.ContiguousSpan().ToArray(),
                                                 $"renorm dim {c.GetProperty("dim").GetInt32()}");
        }
    }

    [Fact]
    public void MaxNormRejectsBadInput()
    {
        var ex = Assert.Throws<ArgumentException>(() => Constraints.MaxNorm(Tensor.Ones(3, 4).T, 1f));
        Assert.Contains("[4, 3]", ex.Message);
        Assert.Throws<ArgumentException>(() => Constraints.MaxNorm(Tensor.Ones(3), 0f));
    }
}
