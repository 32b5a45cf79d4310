using Nabla.Tuning;
using Nabla.Tuning.Samplers;

namespace Nabla.Tests.Tuning;

public class SamplerTests
{
    private static SearchSpace GridSpace() => new SearchSpace()
        .Add("opt", new ChoiceDistribution("adam", "sgd", "rmsprop"))
        .Add("layers", new IntDistribution(1, 3))
        .Add("lr", new LogUniformDistribution(1e-4, 1e-1));

    [Fact]
    public void GridVisitsEveryCombinationExactlyOnceThenStops()
    {
        var space = GridSpace();
        var sampler = new GridSampler(pointsPerDimension: 4, shuffle: true, seed: 7);
        Assert.Equal(3 * 3 * 4, sampler.Size(space));
        using var study = new Study(space, sampler);
        study.Optimize(t => 0.0);
        Assert.Equal(36, study.Trials.Count);
        var combos = study.Trials.Select(t => $"{t.Params["opt"]}|{t.Params["layers"]}|{(double)t.Params["lr"]!:R}").ToHashSet();
        Assert.Equal(36, combos.Count);
        var lrs = study.Trials.Select(t => (double)t.Params["lr"]!).Distinct().Order().ToArray();
        Assert.Equal(4, lrs.Length);
        Assert.Equal(1e-4, lrs[0], 12);
        Assert.Equal(1e-1, lrs[^1], 12);
        Assert.Equal(1e-3, lrs[1], 12); // log-spaced: 1e-4, 1e-3, 1e-2, 1e-1
    }

    [Fact]
    public void RandomRespectsBoundsAndLogScale()
    {
        var space = new SearchSpace()
            .Add("lr", new LogUniformDistribution(1e-5, 1e-1))
            .Add("dropout", new UniformDistribution(0.1, 0.5))
            .Add("width", new IntDistribution(8, 512, log: true))
            .Add("k", new IntDistribution(1, 4))
            .Add("act", new ChoiceDistribution("relu", "gelu"));
        var sampler = new RandomSampler(3);
        int lowDecade = 0, n = 2000;
        var ks = new int[5];
        for (int i = 0; i < n; i++)
        {
            var x = sampler.Sample(space, i, [], StudyDirection.Minimize)!;
            var t = new Dictionary<string, object?>();
            foreach (var (name, d) in space.Parameters) t[name] = d.ToExternal(x[name]);
            double lr = (double)t["lr"]!;
            Assert.InRange(lr, 1e-5, 1e-1);
            Assert.InRange((double)t["dropout"]!, 0.1, 0.5);
            Assert.InRange((long)t["width"]!, 8, 512);
            ks[(long)t["k"]!]++;
            Assert.Contains((string)t["act"]!, new[] { "relu", "gelu" });
            if (lr < 1e-4) lowDecade++;
        }
        // Log-uniform: each of the 4 decades gets ~1/4 of the draws (uniform would give the lowest decade ~0.02%).
        Assert.InRange(lowDecade / (double)n, 0.20, 0.30);
        // Integers uniform over 1..4 (each ~500; the end values are not halved by rounding).
        for (int k = 1; k <= 4; k++) Assert.InRange(ks[k], 400, 600);
    }

    [Fact]
    public void SameSeedGivesTheSameSearch()
    {
        static List<string> Run(ulong seed)
        {
            var space = new SearchSpace().Add("x", new UniformDistribution(-3, 3)).Add("c", new ChoiceDistribution(1L, 2L, 3L));
            using var study = new Study(space, new TpeSampler(seed, startupTrials: 5));
            study.Optimize(t => Math.Pow(t.GetDouble("x") - 1, 2) + t.GetInt("c"), trials: 15);
            return study.Trials.Select(t => $"{t.Params["x"]:R}/{t.Params["c"]}").ToList();
        }
        Assert.Equal(Run(11), Run(11));
        Assert.NotEqual(Run(11), Run(12));
    }

    [Fact]
    public void TpeBeatsRandomOnAQuadraticOnAverage()
    {
        // f(x) = (x − 2)² on [−10, 10], 40 trials; mean best value over 5 seeds. Random search's expected best of 40
        // uniform draws is ≈ 0.08; TPE concentrates its last 30 draws near x = 2.
        var space = new SearchSpace().Add("x", new UniformDistribution(-10, 10));
        double Best(ISampler sampler)
        {
            using var study = new Study(space, sampler);
            study.Optimize(t => Math.Pow(t.GetDouble("x") - 2, 2), trials: 40);
            return study.BestValue;
        }
        double tpe = 0, random = 0;
        for (ulong seed = 0; seed < 5; seed++)
        {
            tpe += Best(new TpeSampler(seed, startupTrials: 10)) / 5;
            random += Best(new RandomSampler(seed)) / 5;
        }
        Assert.True(tpe < random, $"TPE mean best {tpe} should beat random {random}");
        Assert.True(tpe < 0.02, $"TPE mean best {tpe}");
    }

    [Fact]
    public void TpeHandlesChoicesAndLogIntegers()
    {
        var space = new SearchSpace()
            .Add("opt", new ChoiceDistribution("bad", "good", "worse"))
            .Add("width", new IntDistribution(1, 1024, log: true));
        using var study = new Study(space, new TpeSampler(1, startupTrials: 8));
        study.Optimize(t => (t.GetString("opt") == "good" ? 0 : 1) + Math.Abs(Math.Log2(t.GetInt("width")) - 6), trials: 40);
        var late = study.Trials.Skip(20).ToList();
        Assert.True(late.Count(t => (string)t.Params["opt"]! == "good") >= 12, "TPE should mostly pick the good choice once it has a model");
        Assert.Equal("good", study.BestParams["opt"]);
        Assert.InRange((long)study.BestParams["width"]!, 32, 128);
    }
}

public class FactoryTests
{
    [Fact]
    public void SamplersAndPrunersByName()
    {
        Assert.IsType<TpeSampler>(SamplerFactory.Create("TPE", 3));
        Assert.IsType<GridSampler>(SamplerFactory.Create("grid"));
        Assert.IsType<RandomSampler>(SamplerFactory.Create("random"));
        Assert.Contains("tpe, random, grid", Assert.Throws<ArgumentException>(() => SamplerFactory.Create("bayes")).Message);
        Assert.Null(Nabla.Tuning.Pruners.PrunerFactory.Create("none", 10));
        Assert.IsType<Nabla.Tuning.Pruners.HyperbandPruner>(Nabla.Tuning.Pruners.PrunerFactory.Create("hyperband", 27));
        Assert.IsType<Nabla.Tuning.Pruners.MedianPruner>(Nabla.Tuning.Pruners.PrunerFactory.Create("median", 27));
    }
}
