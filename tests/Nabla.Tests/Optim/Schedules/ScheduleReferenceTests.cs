using System.Text.Json;
using Nabla.Optim;
using Nabla.Optim.Schedules;

namespace Nabla.Tests.Optim.Schedules;

/// <summary>
/// Every schedule's learning-rate (and momentum / β₁) sequence against torch.optim.lr_scheduler (PyTorch 1.13,
/// fixtures/optim.json), recorded after construction and after each step. The schedules evaluate the same double
/// expressions in the same order as PyTorch, so the tolerance is 1e-12 relative (only LinearWarmup, compared with
/// PyTorch's ChainedScheduler, multiplies its factors in a different order).
/// </summary>
public sealed class ScheduleReferenceTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<string> Cases() => [.. OptimFixture.Names("schedules")];

    internal static Optimizer MakeOptimizer(string kind)
    {
        var groups = new[]
        {
            new ParamGroup([Param()], new Dictionary<string, double> { ["lr"] = 0.1 }),
            new ParamGroup([Param()], new Dictionary<string, double> { ["lr"] = 0.05 }),
        };
        return kind == "adam" ? new Adam(groups, lr: 0.1) : new Sgd(groups, lr: 0.1, momentum: 0.9);

        static Tensor Param()
        {
            var t = Tensor.Zeros(2);
            t.RequiresGrad = true;
            return t;
        }
    }

    private sealed class Runner(Action step, Action<double> stepMetric, Action<double> stepEpoch, Func<IReadOnlyList<double>> lastLr)
    {
        public readonly Action Step = step;
        public readonly Action<double> StepMetric = stepMetric;
        public readonly Action<double> StepEpoch = stepEpoch;
        public readonly Func<IReadOnlyList<double>> LastLr = lastLr;
    }

    private static Runner Wrap(LrScheduler s) => new(s.Step, _ => throw new InvalidOperationException(),
        e => { if (s is CosineAnnealingWarmRestarts w) w.Step(e); else s.Step((int)e); }, () => s.LastLr);

    private static Runner Make(string name, Optimizer o) => name switch
    {
        "step" or "step_epochs" => Wrap(new StepLR(o, stepSize: 4, gamma: 0.5)),
        "multistep" or "multistep_epochs" => Wrap(new MultiStepLR(o, [3, 7, 7, 15], gamma: 0.3)),
        "exponential" or "exponential_epochs" => Wrap(new ExponentialLR(o, gamma: 0.9)),
        "cosine" or "cosine_epochs" => Wrap(new CosineAnnealingLR(o, tMax: 10, etaMin: 0.001)),
        "warm_restarts" => Wrap(new CosineAnnealingWarmRestarts(o, t0: 5, tMult: 2, etaMin: 0.002)),
        "warm_restarts_t1" => Wrap(new CosineAnnealingWarmRestarts(o, t0: 7)),
        "warm_restarts_epochs" => Wrap(new CosineAnnealingWarmRestarts(o, t0: 5, tMult: 2)),
        "polynomial" => Wrap(new PolynomialLR(o, totalIters: 12, power: 2.0)),
        "polynomial_epochs" => Wrap(new PolynomialLR(o, totalIters: 12, power: 0.5)),
        "lambda" => Wrap(new LambdaLR(o, e => Math.Pow(0.95, e))),
        "onecycle_sgd" => Wrap(new OneCycleLR(o, [1.0, 0.5], totalSteps: 40)),
        "onecycle_adam_torch_defaults" => Wrap(new OneCycleLR(o, 0.01, totalSteps: 30, pctStart: 0.3, finalDivFactor: 1e4)),
        "onecycle_linear_three_phase" => Wrap(new OneCycleLR(o, 0.3, totalSteps: 30, pctStart: 0.3, annealStrategy: AnnealStrategy.Linear,
                                                              finalDivFactor: 1e4, threePhase: true)),
        "cyclic_triangular" => Wrap(new CyclicLR(o, 0.01, 0.1, stepSizeUp: 4, stepSizeDown: 6)),
        "cyclic_triangular2" => Wrap(new CyclicLR(o, [0.01, 0.02], [0.1, 0.1], stepSizeUp: 3, mode: CyclicMode.Triangular2)),
        "cyclic_exp_range" => Wrap(new CyclicLR(o, 0.01, 0.1, stepSizeUp: 5, mode: CyclicMode.ExpRange, gamma: 0.97, cycleMomentum: false)),
        "warmup_step" => Wrap(new LinearWarmup(new StepLR(o, stepSize: 3, gamma: 0.5), warmupSteps: 5, startFactor: 0.1)),
        "warmup_cosine" => Wrap(new LinearWarmup(new CosineAnnealingLR(o, tMax: 30), warmupSteps: 8, startFactor: 0.2)),
        "plateau_min" => Plateau(new ReduceLROnPlateau(o, [0.01, 0.0], patience: 2, factor: 0.5, cooldown: 1)),
        "plateau_max_abs" => Plateau(new ReduceLROnPlateau(o, PlateauMode.Max, factor: 0.3, patience: 1, threshold: 0.01, relativeThreshold: false)),
        _ => throw new ArgumentException($"no factory for schedule case {name}"),
    };

    private static Runner Plateau(ReduceLROnPlateau p) =>
        new(() => throw new InvalidOperationException(), p.Step, _ => throw new InvalidOperationException(), () => p.LastLr);

    [Theory]
    [MemberData(nameof(Cases))]
    public void SequenceMatchesPyTorch(string name)
    {
        var c = OptimFixture.Case("schedules", name);
        string kind = c.GetProperty("optimizer").GetString()!;
        var opt = MakeOptimizer(kind);
        var runner = Make(name, opt);
        string momentumKey = kind == "adam" ? "beta1" : "momentum";
        double[]? metric = c.TryGetProperty("metric", out var m) ? OptimFixture.Doubles(m) : null;
        double[]? epochs = c.TryGetProperty("epochs", out var e) ? OptimFixture.Doubles(e) : null;
        var lrs = c.GetProperty("lrs").EnumerateArray().Select(OptimFixture.Doubles).ToArray();
        var moms = c.GetProperty("momentum").EnumerateArray().Select(OptimFixture.Doubles).ToArray();

        for (int t = 0; t < lrs.Length; t++)
        {
            if (t > 0)
            {
                if (metric is not null) runner.StepMetric(metric[t - 1]);
                else if (epochs is not null) runner.StepEpoch(epochs[t - 1]);
                else runner.Step();
            }
            for (int g = 0; g < 2; g++)
            {
                AssertClose(lrs[t][g], opt.ParamGroups[g].Lr, $"{name} step {t} group {g} lr");
                AssertClose(lrs[t][g], runner.LastLr()[g], $"{name} step {t} group {g} LastLr");
                AssertClose(moms[t][g], opt.ParamGroups[g][momentumKey], $"{name} step {t} group {g} {momentumKey}");
            }
        }
    }

    private static void AssertClose(double expected, double actual, string what)
    {
        if (!(Math.Abs(expected - actual) <= Tolerance * Math.Max(Math.Abs(expected), 1e-3)))
            Assert.Fail($"{what}: expected {expected:R}, got {actual:R}");
    }
}
