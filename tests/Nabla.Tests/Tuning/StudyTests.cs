using System.Text.Json.Nodes;
using Nabla.Tuning;
using Nabla.Tuning.Pruners;
using Nabla.Tuning.Samplers;

namespace Nabla.Tests.Tuning;

public sealed class StudyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-tune-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static SearchSpace Space() => SearchSpace.FromJson("""
        {"optimizer.lr": {"type": "loguniform", "low": 1e-4, "high": 1e-1},
         "optimizer.name": {"type": "choice", "values": ["adam", "sgd"]},
         "model.layers[1].out_features": {"type": "int", "low": 32, "high": 256}}
        """);

    /// <summary>A deterministic objective with per-epoch reports, so the median pruner prunes some trials.</summary>
    private static double Objective(TrialContext t)
    {
        double lr = t.GetDouble("optimizer.lr");
        double penalty = t.GetString("optimizer.name") == "adam" ? 0 : 0.3;
        double width = t.GetInt("model.layers[1].out_features");
        double final = Math.Pow(Math.Log10(lr) + 2.5, 2) + penalty + Math.Abs(width - 128) / 256;
        for (int epoch = 1; epoch <= 4; epoch++)
        {
            t.Report(epoch, final + 1.0 / epoch);
            if (t.ShouldPrune()) t.Prune();
        }
        return final;
    }

    private Study NewStudy(string? journal) =>
        new(Space(), new TpeSampler(seed: 3, startupTrials: 5), new MedianPruner(startupTrials: 3), StudyDirection.Minimize, journal);

    private static string Describe(Trial t) =>
        $"{t.Number}:{t.State}:{t.Value:R}:{string.Join(",", t.Params.Values)}:{string.Join(",", t.IntermediateValues.Select(kv => $"{kv.Key}={kv.Value:R}"))}";

    [Fact]
    public void SearchSpaceParsesEveryTypeAndRejectsBadEntries()
    {
        var space = Space();
        Assert.IsType<LogUniformDistribution>(space["optimizer.lr"]);
        Assert.Equal(["adam", "sgd"], ((ChoiceDistribution)space["optimizer.name"]).Values);
        Assert.Equal(256, ((IntDistribution)space["model.layers[1].out_features"]).High);
        Assert.Equal(space.ToJson().ToJsonString(), SearchSpace.FromJson(space.ToJson().ToJsonString()).ToJson().ToJsonString());
        var ex = Assert.Throws<FormatException>(() => SearchSpace.FromJson("""{"lr": {"type": "loguniform", "low": 0, "high": 1}}"""));
        Assert.Contains("'lr'", ex.Message);
        Assert.Throws<FormatException>(() => SearchSpace.FromJson("""{"x": {"type": "normal"}}"""));
    }

    [Fact]
    public void KilledSearchResumesFromItsJournalWithTheFirstTrialsUnchanged()
    {
        List<string> uninterrupted;
        using (var study = NewStudy(null))
        {
            study.Optimize(Objective, trials: 20);
            uninterrupted = study.Trials.Select(Describe).ToList();
            Assert.Contains(study.Trials, t => t.State == TrialState.Pruned);
        }

        string journal = Path.Combine(_dir, "study.jsonl");
        List<string> firstPart;
        using (var study = NewStudy(journal))
        {
            study.Optimize(Objective, trials: 8); // "kill" after 8 trials
            firstPart = study.Trials.Select(Describe).ToList();
        }
        // A trial that started but never finished, and a line cut off mid-write, as a kill leaves them.
        string lastStart = File.ReadAllLines(journal).Last(l => l.Contains("\"event\":\"start\"", StringComparison.Ordinal));
        File.AppendAllText(journal, lastStart.Replace("\"trial\":7", "\"trial\":8", StringComparison.Ordinal) + "\n" +
                                    """{"event":"report","trial":8,"step":1,"value":0.5}""" + "\n" + """{"event":"rep""");

        using (var resumed = NewStudy(journal))
        {
            Assert.Equal(8, resumed.ResumedTrials);
            Assert.Equal(firstPart, resumed.Trials.Select(Describe));
            int calls = 0;
            resumed.Optimize(t => { calls++; return Objective(t); }, trials: 20);
            Assert.Equal(12, calls);
            Assert.Equal(uninterrupted, resumed.Trials.Select(Describe));
        }
        File.AppendAllText(journal, "\n");
        using var again = NewStudy(journal);
        Assert.Equal(uninterrupted, again.Trials.Select(Describe));
    }

    [Fact]
    public void JournalRefusesAnotherSpace()
    {
        string journal = Path.Combine(_dir, "s.jsonl");
        using (var study = NewStudy(journal))
            study.Optimize(Objective, trials: 2);
        var other = new SearchSpace().Add("x", new UniformDistribution(0, 1));
        var ex = Assert.Throws<InvalidOperationException>(() => new Study(other, journalPath: journal));
        Assert.Contains("another search space", ex.Message);
    }

    [Fact]
    public void FailedTrialsAreRecordedAndTheSearchGoesOn()
    {
        using var study = new Study(new SearchSpace().Add("x", new UniformDistribution(0, 1)), new RandomSampler(1));
        study.Optimize(t => t.Number == 1 ? throw new InvalidOperationException("boom") : t.Number == 2 ? double.NaN : t.GetDouble("x"), trials: 4);
        Assert.Equal([TrialState.Complete, TrialState.Failed, TrialState.Failed, TrialState.Complete], study.Trials.Select(t => t.State));
        Assert.Contains("boom", study.Trials[1].Error);
        Assert.Throws<InvalidOperationException>(() => study.Optimize(_ => throw new InvalidOperationException("x"), trials: 5, catchExceptions: false));
    }

    [Fact]
    public void ReportTableBestConfigAndPlotData()
    {
        using var study = NewStudy(null);
        study.Optimize(Objective, trials: 12);
        var best = study.BestTrial!;
        Assert.All(study.Trials.Where(t => t.State == TrialState.Complete), t => Assert.True(t.Value >= best.Value));

        string table = StudyReport.ResultsTable(study);
        Assert.Contains("optimizer.lr", table);
        Assert.Contains($"{best.Number}*", table);
        Assert.Equal(13, table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1);

        var config = JsonNode.Parse("""{"optimizer": {"name": "adam", "lr": 0.1}, "model": {"layers": [{"type": "flatten"}, {"type": "linear", "out_features": 10}]}}""")!;
        string path = Path.Combine(_dir, "best.json");
        StudyReport.WriteBestConfig(study, path, config);
        var written = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal((double)best.Params["optimizer.lr"]!, written["optimizer"]!["lr"]!.GetValue<double>());
        Assert.Equal((long)best.Params["model.layers[1].out_features"]!, written["model"]!["layers"]![1]!["out_features"]!.GetValue<long>());
        Assert.Equal("linear", written["model"]!["layers"]![1]!["type"]!.GetValue<string>());
        Assert.Equal(best.Number, StudyReport.BestConfig(study)["trial"]!.GetValue<int>());

        var history = StudyReport.ObjectiveHistory(study);
        Assert.Equal(12, history.Count);
        Assert.Equal(best.Value, history[^1].BestSoFar);
        for (int i = 1; i < history.Count; i++)
            Assert.True(history[i].BestSoFar is null || history[i - 1].BestSoFar is null || history[i].BestSoFar <= history[i - 1].BestSoFar);

        var effects = StudyReport.ParameterEffects(study);
        Assert.Equal(3, effects.Count);
        var name = effects.Single(e => e.Parameter == "optimizer.name");
        Assert.True(name.IsChoice);
        Assert.Equal(["adam", "sgd"], name.GroupMeans.Select(g => g.Label));
        Assert.True(effects.Single(e => e.Parameter == "optimizer.lr").LogScale);
    }

    [Fact]
    public void ConfigPathSetsNestedKeysAndIndices()
    {
        var root = JsonNode.Parse("""{"a": {"list": [1, {"b": 2}]}}""")!;
        ConfigPath.Set(root, "a.list[1].b", 5);
        ConfigPath.Set(root, "a.new.key", "x");
        Assert.Equal(5, ConfigPath.Get(root, "a.list[1].b")!.GetValue<int>());
        Assert.Equal("x", root["a"]!["new"]!["key"]!.GetValue<string>());
        Assert.Throws<ArgumentException>(() => ConfigPath.Set(root, "a.list[5]", 1));
        Assert.Throws<ArgumentException>(() => ConfigPath.Set(root, "a.list[x]", 1));
        var applied = ConfigPath.Apply(root, new Dictionary<string, object?> { ["a.list[0]"] = 3.5 });
        Assert.Equal(3.5, applied["a"]!["list"]![0]!.GetValue<double>());
        Assert.Equal(1, root["a"]!["list"]![0]!.GetValue<int>());
    }
}

public class TrainerObjectiveTests
{
    [Fact]
    public void ReportsEveryEpochAndStopsPrunedTrialsEarly()
    {
        var data = Nabla.Tests.Training.TrainerFixtures.Toy(64, 5);
        var validation = Nabla.Tests.Training.TrainerFixtures.Toy(32, 6);
        var space = new SearchSpace().Add("lr", new ChoiceDistribution(0.5, 0.0));
        var objective = TrainerObjective.Create(t =>
        {
            var model = new Nabla.Nn.Sequential(new Nabla.Nn.Linear(4, 2, generator: new Generator(1)));
            return new Nabla.Training.Trainer(model, new Nabla.Optim.Sgd(model.Parameters(), lr: t.GetDouble("lr")),
                                              new Nabla.Losses.CrossEntropyLoss(), [new Nabla.Training.Metrics.Accuracy()]);
        }, data, new Nabla.Training.FitOptions { Epochs = 4, BatchSize = 16, Validation = validation, Verbose = 0 }, "val_accuracy");
        using var study = new Study(space, new GridSampler(), new MedianPruner(startupTrials: 1, warmupSteps: 1), StudyDirection.Maximize);
        study.Optimize(objective);
        var (good, frozen) = (study.Trials[0], study.Trials[1]);
        Assert.Equal(TrialState.Complete, good.State);
        Assert.Equal([1, 2, 3, 4], good.IntermediateValues.Keys);
        Assert.Equal(good.IntermediateValues[4], good.Value);
        Assert.Equal(TrialState.Pruned, frozen.State); // lr 0 never learns: worse than the median at step 1
        Assert.Equal([1], frozen.IntermediateValues.Keys);
    }
}
