using Nabla.Optim;
using Nabla.Optim.Schedules;

namespace Nabla.Tests.Optim.Schedules;

/// <summary>Schedule state save/load and argument checks.</summary>
public sealed class ScheduleBehaviourTests
{
    public static TheoryData<string> Kinds() => ["cosine", "warm_restarts", "warmup", "onecycle", "cyclic", "step"];

    private static LrScheduler Make(string kind, Optimizer o) => kind switch
    {
        "cosine" => new CosineAnnealingLR(o, tMax: 7, etaMin: 0.001),
        "warm_restarts" => new CosineAnnealingWarmRestarts(o, t0: 3, tMult: 2),
        "warmup" => new LinearWarmup(new CosineAnnealingLR(o, tMax: 20), warmupSteps: 6),
        "onecycle" => new OneCycleLR(o, 0.5, totalSteps: 30),
        "cyclic" => new CyclicLR(o, 0.01, 0.1, stepSizeUp: 4, mode: CyclicMode.Triangular2),
        _ => new StepLR(o, stepSize: 3, gamma: 0.5),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void SaveLoadContinueEqualsUninterrupted(string kind)
    {
        var optA = ScheduleReferenceTests.MakeOptimizer("sgd");
        var a = Make(kind, optA);
        for (int t = 0; t < 11; t++) a.Step();

        var optB = ScheduleReferenceTests.MakeOptimizer("sgd");
        var b = Make(kind, optB);
        optB.LoadStateDict(optA.StateDict());
        b.LoadStateDict(a.StateDict());
        for (int t = 0; t < 15; t++)
        {
            a.Step();
            b.Step();
            Assert.Equal(a.LastLr, b.LastLr);
            Assert.Equal(optA.ParamGroups[1]["momentum"], optB.ParamGroups[1]["momentum"]);
        }
    }

    [Fact]
    public void PlateauSaveLoadContinues()
    {
        var optA = ScheduleReferenceTests.MakeOptimizer("sgd");
        var a = new ReduceLROnPlateau(optA, patience: 1);
        double[] metric = [1, 0.9, 0.95, 0.96, 0.97, 0.5, 0.6, 0.7, 0.8, 0.9];
        for (int t = 0; t < 4; t++) a.Step(metric[t]);
        var optB = ScheduleReferenceTests.MakeOptimizer("sgd");
        var b = new ReduceLROnPlateau(optB, patience: 1);
        optB.LoadStateDict(optA.StateDict());
        b.LoadStateDict(a.StateDict());
        for (int t = 4; t < metric.Length; t++)
        {
            a.Step(metric[t]);
            b.Step(metric[t]);
            Assert.Equal(a.LastLr, b.LastLr);
        }
        Assert.True(a.LastLr[0] < 0.1);
    }

    [Fact]
    public void OneCycleDefaultsAreFastai()
    {
        var o = ScheduleReferenceTests.MakeOptimizer("adam");
        var s = new OneCycleLR(o, 1.0, totalSteps: 100);
        Assert.Equal(1.0 / 25, s.LastLr[0], 12);
        Assert.Equal(0.95, o.ParamGroups[0]["beta1"], 12);
        for (int t = 0; t < 24; t++) s.Step();
        Assert.Equal(1.0, s.LastLr[0], 12);
        Assert.Equal(0.85, o.ParamGroups[0]["beta1"], 12);
        for (int t = 24; t < 99; t++) s.Step();
        Assert.Equal(1.0 / 25 / 1e5, s.LastLr[0], 15);
        Assert.Throws<InvalidOperationException>(() => { s.Step(); s.Step(); });
    }

    [Fact]
    public void BadArgumentsAreReported()
    {
        var o = ScheduleReferenceTests.MakeOptimizer("adam");
        var ex = Assert.Throws<ArgumentException>(() => new CyclicLR(o, 0.01, 0.1));
        Assert.Contains("cycleMomentum: false", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepLR(o, stepSize: 0));
        ex = Assert.Throws<ArgumentException>(() => new LambdaLR(o, [e => 1.0]));
        Assert.Contains("2 functions", ex.Message);
        var fresh = ScheduleReferenceTests.MakeOptimizer("sgd");
        ex = Assert.Throws<ArgumentException>(() => new ExponentialLR(fresh, 0.9, lastEpoch: 5));
        Assert.Contains("initial_lr", ex.Message);
    }
}
