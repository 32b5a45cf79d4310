using Nabla.Kernels;
using Nabla.Optim;

namespace Nabla.Tests.Optim;

/// <summary>Save/load, accumulation, maximize, zero-grad, allocation and threading behaviour of the optimizer base.</summary>
public sealed class OptimizerBehaviourTests
{
    public static TheoryData<string> StatefulCases() =>
        ["sgd_nesterov_wd", "adam_wd_amsgrad", "adamw", "adagrad_decay_wd_init", "rmsprop_momentum_centered_wd", "adamax_wd",
         "nadam_wd", "radam", "adadelta_wd", "lion_wd", "sgd_ema", "adam_groups"];

    [Theory]
    [MemberData(nameof(StatefulCases))]
    public void SaveLoadContinueEqualsUninterrupted(string name)
    {
        var c = OptimFixture.Case("optimizers", name);
        var straight = new OptimFixture.Problem();
        var optA = OptimFixture.Create(c, straight);
        for (int t = 0; t < 10; t++) Iterate(optA, straight);
        var saved = optA.StateDict();

        var resumed = new OptimFixture.Problem();
        for (int i = 0; i < resumed.Params.Length; i++) straight.Params[i].ContiguousSpan().CopyTo(resumed.Params[i].ContiguousSpan());
        var optB = OptimFixture.Create(c, resumed);
        optB.LoadStateDict(saved);

        for (int t = 0; t < 10; t++)
        {
            Iterate(optA, straight);
            Iterate(optB, resumed);
            Assert.Equal(straight.Flat(), resumed.Flat());
        }
        Assert.Equal(optA.State(straight.Params[0])!.Step, optB.State(resumed.Params[0])!.Step);
    }

    private static void Iterate(Optimizer opt, OptimFixture.Problem problem)
    {
        opt.ZeroGrad();
        problem.SetGradients();
        opt.Step();
    }

    [Fact]
    public void StateDictUsesPyTorchNamesAndCopies()
    {
        var problem = new OptimFixture.Problem();
        var opt = new Adam(problem.Params, lr: 0.01, amsgrad: true);
        Iterate(opt, problem);
        var sd = opt.StateDict();
        Assert.Equal([0, 1], sd.ParamGroups[0].Params);
        Assert.Equal(0.01, sd.ParamGroups[0].Options["lr"]);
        Assert.Equal(1, sd.State[0].Scalars["step"]);
        Assert.Equal(["exp_avg", "exp_avg_sq", "max_exp_avg_sq"], sd.State[0].Tensors.Keys.Order());
        float before = sd.State[0].Tensors["exp_avg"].ContiguousSpan()[0];
        Iterate(opt, problem);
        Assert.Equal(before, sd.State[0].Tensors["exp_avg"].ContiguousSpan()[0]);
    }

    [Fact]
    public void LoadStateDictRejectsMismatchedLayout()
    {
        var a = new OptimFixture.Problem();
        var optA = new Adam(a.Params);
        Iterate(optA, a);
        var other = Tensor.Zeros(2);
        other.RequiresGrad = true;
        var ex = Assert.Throws<ArgumentException>(() => new Adam([other]).LoadStateDict(optA.StateDict()));
        Assert.Contains("Adam.LoadStateDict", ex.Message);
    }

    [Fact]
    public void AccumulationEqualsOneStepOnTheMeanGradient()
    {
        var c = OptimFixture.Case("optimizers", "adam_wd_amsgrad");
        var big = new OptimFixture.Problem();
        var optBig = OptimFixture.Create(c, big);
        var acc = new OptimFixture.Problem();
        var optAcc = OptimFixture.Create(c, acc);
        optAcc.AccumulationSteps = 4;
        float[] scales = [0.25f, 0.75f, 1.25f, 1.75f];
        for (int round = 0; round < 6; round++)
        {
            optBig.ZeroGrad();
            big.SetGradients();
            Assert.True(optBig.Step());
            for (int k = 0; k < scales.Length; k++)
            {
                optAcc.ZeroGrad();
                acc.SetGradients(scales[k]);
                Assert.Equal(k == scales.Length - 1, optAcc.Step());
            }
            OptimizerTrajectoryTests.AssertClose(big.Flat(), acc.Flat(), $"round {round}");
        }
        Assert.Equal(6, optAcc.StepCount);
    }

    [Fact]
    public void MaximizeEqualsDescentOnNegatedGradient()
    {
        var up = new OptimFixture.Problem();
        var down = new OptimFixture.Problem();
        var optUp = new RAdam(up.Params, lr: 0.05, maximize: true);
        var optDown = new RAdam(down.Params, lr: 0.05);
        for (int t = 0; t < 8; t++)
        {
            optUp.ZeroGrad();
            up.SetGradients(-1f);
            optUp.Step();
            optDown.ZeroGrad();
            down.SetGradients();
            optDown.Step();
            Assert.Equal(down.Flat(), up.Flat());
        }
    }

    [Fact]
    public void ZeroGradZeroesOrDrops()
    {
        var problem = new OptimFixture.Problem();
        var opt = new Sgd(problem.Params, lr: 0.1);
        problem.SetGradients();
        opt.ZeroGrad();
        Assert.All(problem.Params, p => Assert.All(p.Grad!.ContiguousSpan().ToArray(), v => Assert.Equal(0f, v)));
        opt.ZeroGrad(setToNone: true);
        Assert.All(problem.Params, p => Assert.Null(p.Grad));
        var before = problem.Flat();
        Assert.True(opt.Step());
        Assert.Equal(before, problem.Flat());
    }

    [Fact]
    public void SteadyStateStepAllocatesNothing()
    {
        foreach (var make in new Func<Tensor[], Optimizer>[]
                 {
                     ps => new Adam(ps, amsgrad: true), ps => new Sgd(ps, 0.01, momentum: 0.9, nesterov: true),
                     ps => new RmsProp(ps, centered: true, momentum: 0.5), ps => new NAdam(ps),
                 })
        {
            var small = Tensor.Randn(64, 33);
            var large = Tensor.Randn(300_000);
            Tensor[] ps = [small, large];
            foreach (var p in ps)
            {
                p.RequiresGrad = true;
                p.Grad = Tensor.Randn(p.Shape);
            }
            var opt = make(ps);
            opt.MaxGradNorm = 1e6;
            for (int i = 0; i < 3; i++) opt.Step();
            // The smallest of three windows of 10 steps: a real per-step allocation shows in every window, while a
            // one-off runtime allocation on this thread (lazy runtime state touched by a parallel region) shows once.
            long least = long.MaxValue;
            for (int window = 0; window < 3; window++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 10; i++) opt.Step();
                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            Assert.Equal(0, least);
        }
    }

    [Fact]
    public void MultiThreadedUpdateEqualsSingleThreaded()
    {
        int saved = KernelThreads.Count;
        try
        {
            var results = new List<float[]>();
            foreach (int threads in new[] { 1, 4 })
            {
                KernelThreads.Count = threads;
                var g = new Generator(7);
                var p = Tensor.Normal([OptimizerKernels.ParallelThreshold * 2 + 13], generator: g);
                p.RequiresGrad = true;
                p.Grad = Tensor.Normal(p.Shape, generator: g);
                var opt = new AdamW([p], lr: 0.01);
                for (int i = 0; i < 3; i++) opt.Step();
                results.Add(p.ContiguousSpan().ToArray());
            }
            Assert.Equal(results[0], results[1]);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    [Fact]
    public void GradientShapeMismatchIsReported()
    {
        var p = Tensor.Zeros(3, 4);
        p.RequiresGrad = true;
        p.Grad = Tensor.Zeros(4, 3);
        var ex = Assert.Throws<InvalidOperationException>(() => new Adam([p]).Step());
        Assert.Contains("[4, 3]", ex.Message);
        Assert.Contains("[3, 4]", ex.Message);
    }

    [Fact]
    public void BadHyperParametersAreReported()
    {
        var p = Tensor.Zeros(3);
        p.RequiresGrad = true;
        var ex = Assert.Throws<ArgumentException>(() => new Adam([p], lr: -1));
        Assert.Contains("Adam", ex.Message);
        Assert.Contains("lr", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new Adam([p], beta1: 1.0));
        Assert.Contains("beta1", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new Sgd([p], 0.1, nesterov: true));
        Assert.Contains("Nesterov", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new Sgd([p, p], 0.1));
        Assert.Contains("twice", ex.Message);
        var opt = new Sgd([p], 0.1);
        ex = Assert.Throws<ArgumentException>(() => opt.AddParamGroup(new ParamGroup([p])));
        Assert.Contains("another group", ex.Message);
        Assert.Throws<ArgumentException>(() => new Sgd([p * 2f], 0.1));
    }

    [Fact]
    public void AddParamGroupFillsDefaultsAndKeepsOverrides()
    {
        var a = Tensor.Zeros(3);
        var b = Tensor.Zeros(2);
        a.RequiresGrad = b.RequiresGrad = true;
        var opt = new Sgd([a], lr: 0.1, momentum: 0.9);
        opt.AddParamGroup(new ParamGroup([b], new Dictionary<string, double> { ["lr"] = 0.01 }));
        Assert.Equal(0.01, opt.ParamGroups[1].Lr);
        Assert.Equal(0.9, opt.ParamGroups[1]["momentum"]);
        opt.ParamGroups[1].Lr = 0.5;
        Assert.Equal(0.5, opt.ParamGroups[1]["lr"]);
    }

    [Fact]
    public void NoDecayGroupHoldsBiasesAndNormGains()
    {
        Tensor P(params int[] shape)
        {
            var t = Tensor.Zeros(shape);
            t.RequiresGrad = true;
            return t;
        }
        var fcW = P(4, 3);
        var fcB = P(4);
        var normW = P(4);
        var convBias2d = P(2, 2);
        var groups = ParameterGroups.NoDecayForBiasAndNorm(
            [("fc.weight", fcW), ("fc.bias", fcB), ("norm.weight", normW), ("odd.bias", convBias2d)], 0.01);
        Assert.Equal(2, groups.Count);
        Assert.Equal([fcW], groups[0].Params);
        Assert.Equal(0.01, groups[0]["weight_decay"]);
        Assert.Equal([fcB, normW, convBias2d], groups[1].Params);
        Assert.Equal(0, groups[1]["weight_decay"]);
        var opt = new AdamW(groups, lr: 1e-3, weightDecay: 0.5);
        Assert.Equal(0.01, opt.ParamGroups[0]["weight_decay"]);
        Assert.Equal(0, opt.ParamGroups[1]["weight_decay"]);
    }

    [Fact]
    public void RegularizerGradientsAreLambdaSignAndTwoLambdaW()
    {
        var w = Tensor.FromArray([1.5f, -2f, 0.25f]);
        w.RequiresGrad = true;
        var l2 = Regularizers.L2([w], 0.1f);
        Assert.Equal(0.1f * (2.25f + 4f + 0.0625f), l2.Item(), 5);
        l2.Backward();
        Assert.Equal([0.3f, -0.4f, 0.05f], w.Grad!.ContiguousSpan().ToArray().Select(v => MathF.Round(v, 6)));
        w.Grad = null;
        var l1 = Regularizers.L1([w], 0.5f);
        Assert.Equal(0.5f * 3.75f, l1.Item(), 5);
        l1.Backward();
        Assert.Equal([0.5f, -0.5f, 0.5f], w.Grad!.ContiguousSpan().ToArray());
    }
}
