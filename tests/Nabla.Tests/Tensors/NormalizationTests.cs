using Nabla.Kernels;

namespace Nabla.Tests.Tensors;

/// <summary>
/// Normalization behaviour beyond the PyTorch fixtures: large inputs that take the multithreaded channel/row paths
/// against a composition of plain tensor ops (tolerance 1e-4·max(1, |want|): both sides are float32 with sums over
/// ~16 K values), running statistics updated without gradient, and the error messages.
/// </summary>
public sealed class NormalizationTests
{
    private static void AssertClose(Tensor want, Tensor got, double tolerance = 1e-4)
    {
        Assert.True(want.Shape.SequenceEqual(got.Shape));
        var w = want.ToArray();
        var g = got.ToArray();
        for (int i = 0; i < w.Length; i++)
            Assert.True(Math.Abs(w[i] - g[i]) <= tolerance * Math.Max(1, Math.Abs(w[i])), $"element {i}: got {g[i]}, want {w[i]}");
    }

    [Fact]
    public void LargeBatchNormMatchesTheComposedFormulaForwardAndBackward()
    {
        var x = Tensor.Normal([16, 8, 32, 32], 0.5f, 2f, new Generator(1));
        var w = Tensor.Uniform([8], 0.5f, 1.5f, new Generator(2));
        var b = Tensor.Normal([8], generator: new Generator(3));
        var g = Tensor.Normal([16, 8, 32, 32], generator: new Generator(4));
        foreach (var t in new[] { x, w, b }) t.RequiresGrad = true;
        var y = Tensor.BatchNorm(x, null, null, w, b, training: true);
        y.Backward(g);
        var (dx, dw, db) = (x.Grad!, w.Grad!, b.Grad!);
        foreach (var t in new[] { x, w, b }) t.Grad = null;

        int[] dims = [0, 2, 3];
        var mean = x.Mean(dims, keepDim: true);
        var variance = x.Var(dims, correction: 0, keepDim: true);
        var reference = x.Sub(mean).Div(variance.AddScalar(1e-5f).Sqrt()).Mul(w.Reshape(8, 1, 1)).Add(b.Reshape(8, 1, 1));
        reference.Backward(g);
        AssertClose(reference, y);
        AssertClose(x.Grad!, dx);
        AssertClose(w.Grad!, dw, 1e-3);
        AssertClose(b.Grad!, db, 1e-3);
    }

    [Fact]
    public void LargeLayerNormAndGroupNormMatchTheComposedFormula()
    {
        var x = Tensor.Normal([64, 4, 512], 1f, 3f, new Generator(5));
        var mean = x.Mean(2, keepDim: true);
        var std = x.Var([2], correction: 0, keepDim: true).AddScalar(1e-5f).Sqrt();
        AssertClose(x.Sub(mean).Div(std), Tensor.LayerNorm(x, [512]));

        var grouped = x.Reshape(64, 2, 1024);
        var gm = grouped.Mean(2, keepDim: true);
        var gs = grouped.Var([2], correction: 0, keepDim: true).AddScalar(1e-5f).Sqrt();
        AssertClose(grouped.Sub(gm).Div(gs).Reshape(64, 4, 512), Tensor.GroupNorm(x, 2));
    }

    [Fact]
    public void SingleThreadedAndMultithreadedBatchNormAgree()
    {
        var x = Tensor.Normal([32, 4, 24, 24], generator: new Generator(6));
        var parallel = Tensor.BatchNorm(x, null, null, null, null, training: true).ToArray();
        int threads = KernelThreads.Count;
        try
        {
            KernelThreads.Count = 1;
            Assert.Equal(parallel, Tensor.BatchNorm(x, null, null, null, null, training: true).ToArray());
        }
        finally
        {
            KernelThreads.Count = threads;
        }
    }

    [Fact]
    public void RunningStatisticsUseTheUnbiasedVarianceAndNoGradient()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 5f], 4, 1);
        x.RequiresGrad = true;
        var rm = Tensor.Zeros(1);
        var rv = Tensor.Ones(1);
        var y = Tensor.BatchNorm(x, rm, rv, null, null, training: true, momentum: 0.5f);
        Assert.Equal(0.5f * 2.75f, rm.Item(), 6);
        Assert.Equal(0.5f + 0.5f * (8.75f / 3f), rv.Item(), 5); // Σ(x − 2.75)² = 8.75, unbiased /3
        Assert.False(rm.RequiresGrad);
        Assert.Null(rm.GradFn);
        Assert.True(y.RequiresGrad);
    }

    [Fact]
    public void EvaluationUsesRunningStatistics()
    {
        var x = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        var y = Tensor.BatchNorm(x, Tensor.FromArray([1f, 2f]), Tensor.FromArray([4f, 1f]), null, null, training: false, eps: 0f);
        Assert.Equal([0f, 0f, 1f, 2f], y.ToArray());
    }

    private static void Throws(Action action, string fragment)
    {
        var e = Assert.Throws<ArgumentException>(action);
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void ErrorsNameTheOpShapesAndFix()
    {
        Throws(() => Tensor.BatchNorm(Tensor.Ones(1, 3), null, null, null, null, training: true),
            "batch_norm: Expected more than 1 value per channel when training, got input size [1, 3]");
        Throws(() => Tensor.BatchNorm(Tensor.Ones(1, 3, 1, 1), null, null, null, null, training: true), "got input size [1, 3, 1, 1]");
        Throws(() => Tensor.BatchNorm(Tensor.Ones(4, 3), null, null, null, null, training: false), "evaluation mode needs runningMean and runningVar");
        Throws(() => Tensor.BatchNorm(Tensor.Ones(4, 3), null, null, Tensor.Ones(4), null, training: true),
            "batch_norm: weight must be [3] (one value per channel of input [4, 3]), got shape [4]");
        Throws(() => Tensor.BatchNorm(Tensor.Ones(4), null, null, null, null, training: true), "batch_norm: input must be [N, C]");
        Throws(() => Tensor.LayerNorm(Tensor.Ones(2, 5), [4]),
            "layer_norm: normalizedShape [4] must be non-empty and equal the trailing dimensions of input [2, 5]");
        Throws(() => Tensor.LayerNorm(Tensor.Ones(2, 5), [5], Tensor.Ones(4)), "layer_norm: weight must have shape [5] (the normalized shape), got [4]");
        Throws(() => Tensor.GroupNorm(Tensor.Ones(2, 6, 3), 4), "group_norm: the 6 channels of input [2, 6, 3] cannot be split into 4 groups");
        Throws(() => Tensor.GroupNorm(Tensor.Ones(2, 6, 3), 3, null, Tensor.Ones(3)), "group_norm: bias must be [6]");
    }
}
