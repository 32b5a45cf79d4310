using Nabla.Kernels;
using static Nabla.Tests.Autograd.GradInputs;

namespace Nabla.Tests.Tensors;

/// <summary>
/// The fused <see cref="Tensor.BatchNormReluMaxPool2d"/> against the chain it replaces,
/// MaxPool2d(Relu(BatchNorm(x)), 2) (itself checked against PyTorch fixtures op by op): the fused kernel performs the
/// same float operations in the same order, so values, gradients and running statistics must be equal exactly
/// (float equality, which treats +0 and −0 alike: masked gradients may differ in the sign of zero). Inputs on a
/// coarse grid (steps of 0.5) put ties and exact zeros in the pooling windows, so the first-maximum rule and the
/// ReLU's zero gradient at 0 are exercised. Central differences check the gradient on inputs 0.1 apart.
/// </summary>
public sealed class BatchNormReluPoolTests
{
    private sealed record Inputs(Tensor X, Tensor? Weight, Tensor? Bias, Tensor? RunningMean, Tensor? RunningVar, Tensor Grad);

    private static Inputs Make(int[] shape, ulong seed, bool affine, bool running)
    {
        int c = shape[1];
        var values = Tensor.Normal(shape, 0.3f, 1.5f, new Generator(seed)).ToArray();
        for (int i = 0; i < values.Length; i++) values[i] = MathF.Round(2f * values[i]) / 2f;
        var x = Tensor.FromArray(values, shape);
        var weight = affine ? Tensor.Uniform([c], -1.5f, 1.5f, new Generator(seed + 1)) : null;
        var bias = affine ? Tensor.Normal([c], generator: new Generator(seed + 2)) : null;
        var rm = running ? Tensor.Normal([c], generator: new Generator(seed + 3)) : null;
        var rv = running ? Tensor.Uniform([c], 0.5f, 2f, new Generator(seed + 4)) : null;
        var grad = Tensor.Normal([shape[0], c, shape[2] / 2, shape[3] / 2], generator: new Generator(seed + 5));
        return new Inputs(x, weight, bias, rm, rv, grad);
    }

    /// <summary>Runs fused or chained on fresh copies; returns output, dx, dw, db, running mean and variance.</summary>
    private static float[]?[] Run(Inputs p, bool fused, bool training, bool inputGrad = true)
    {
        var x = p.X.Clone();
        var w = p.Weight?.Clone();
        var b = p.Bias?.Clone();
        var rm = p.RunningMean?.Clone();
        var rv = p.RunningVar?.Clone();
        x.RequiresGrad = inputGrad;
        if (w is not null) w.RequiresGrad = true;
        if (b is not null) b.RequiresGrad = true;
        var y = fused
            ? Tensor.BatchNormReluMaxPool2d(x, rm, rv, w, b, training, 0.2f, 1e-3f)
            : Tensor.MaxPool2d(Tensor.BatchNorm(x, rm, rv, w, b, training, 0.2f, 1e-3f).Relu(), (2, 2));
        y.Backward(p.Grad);
        return [y.ToArray(), x.Grad?.ToArray(), w?.Grad?.ToArray(), b?.Grad?.ToArray(), rm?.ToArray(), rv?.ToArray()];
    }

    private static void AssertSame(Inputs p, bool training, bool inputGrad = true)
    {
        var want = Run(p, fused: false, training, inputGrad);
        var got = Run(p, fused: true, training, inputGrad);
        string[] names = ["output", "dx", "dweight", "dbias", "running mean", "running var"];
        for (int i = 0; i < want.Length; i++)
        {
            Assert.True((want[i] is null) == (got[i] is null), $"{names[i]}: present in one result only");
            if (want[i] is not null) Assert.Equal(want[i]!, got[i]!);
        }
    }

    public static TheoryData<int[]> Shapes() => new()
    {
        new[] { 4, 3, 6, 6 },     // rows of 3 outputs: scalar pooling and scatter
        new[] { 8, 5, 9, 11 },    // odd sizes: a last row and column outside every window
        new[] { 16, 8, 28, 28 },  // above the threshold: channels split over threads
        new[] { 32, 4, 14, 14 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TrainingMatchesTheChainedOpsExactly(int[] shape) => AssertSame(Make(shape, 10, affine: true, running: true), training: true);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EvaluationMatchesTheChainedOpsExactly(int[] shape) => AssertSame(Make(shape, 20, affine: true, running: true), training: false);

    [Fact]
    public void WithoutAffineParametersOrRunningStatisticsMatchesTheChainedOps() =>
        AssertSame(Make([6, 4, 10, 8], 30, affine: false, running: false), training: true);

    [Fact]
    public void ParameterGradientsAloneMatchTheChainedOps() =>
        AssertSame(Make([16, 8, 28, 28], 40, affine: true, running: true), training: true, inputGrad: false);

    [Fact]
    public void SingleThreadedAndMultithreadedResultsAgree()
    {
        var p = Make([16, 8, 28, 28], 50, affine: true, running: false);
        var parallel = Run(p, fused: true, training: true);
        int threads = KernelThreads.Count;
        try
        {
            KernelThreads.Count = 1;
            var single = Run(p, fused: true, training: true);
            for (int i = 0; i < parallel.Length; i++)
                if (parallel[i] is not null) Assert.Equal(parallel[i]!, single[i]!);
        }
        finally
        {
            KernelThreads.Count = threads;
        }
    }

    [Fact]
    public void NaNInputsPropagateAsInTheChainedOps()
    {
        var p = Make([2, 2, 4, 6], 60, affine: true, running: false);
        p.X.ContiguousSpan()[5] = float.NaN;
        var want = Run(p, fused: false, training: true);
        var got = Run(p, fused: true, training: true);
        Assert.Equal(want[0]!, got[0]!);
    }

    [Fact]
    public void TrainingGradientsMatchFiniteDifferences() =>
        Check(t => Tensor.BatchNormReluMaxPool2d(t[0], null, null, t[1], t[2], training: true),
            Distinct(70, 0.05f, 2, 2, 4, 6), Uniform(71, 0.5f, 1.5f, 2), Normal(72, 2));

    [Fact]
    public void EvaluationGradientsMatchFiniteDifferences()
    {
        var rm = Tensor.FromArray([0.1f, -0.2f], 2);
        var rv = Tensor.FromArray([1.5f, 0.8f], 2);
        Check(t => Tensor.BatchNormReluMaxPool2d(t[0], rm, rv, t[1], t[2], training: false),
            Distinct(73, 0.05f, 2, 2, 6, 4), Uniform(74, -1.5f, -0.5f, 2), Normal(75, 2));
    }

    [Fact]
    public void BadInputsNameTheOpAndTheShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.BatchNormReluMaxPool2d(Tensor.Zeros(2, 3, 4), null, null, null, null, true));
        Assert.Contains("batch_norm_relu_max_pool2d", e.Message);
        Assert.Contains("[2, 3, 4]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.BatchNormReluMaxPool2d(Tensor.Zeros(2, 3, 1, 4), null, null, null, null, true));
        Assert.Contains("H, W >= 2", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.BatchNormReluMaxPool2d(Tensor.Zeros(2, 3, 4, 4), null, null, Tensor.Ones(2), null, true));
        Assert.Contains("weight must be [3]", e.Message);
        e = Assert.Throws<ArgumentException>(() => Tensor.BatchNormReluMaxPool2d(Tensor.Zeros(2, 3, 4, 4), null, null, null, null, false));
        Assert.Contains("runningMean and runningVar", e.Message);
    }
}
