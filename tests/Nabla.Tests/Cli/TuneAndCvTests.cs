using System.Text.Json.Nodes;
using static Nabla.Tests.Cli.CliTestSupport;

namespace Nabla.Tests.Cli;

public class TuneAndCvTests
{
    private const string Space = """
        {"optimizer.lr": {"type": "loguniform", "low": 0.0001, "high": 0.1},
         "optimizer.name": {"type": "choice", "values": ["adam", "sgd"]},
         "model.layers[1].out_features": {"type": "int", "low": 8, "high": 48, "log": true}}
        """;

    private static string[] TuneArgs(string root, string space, int trials) =>
    [
        "tune", "--space", space, "--trials", trials.ToString(System.Globalization.CultureInfo.InvariantCulture), "--sampler", "random",
        "--pruner", "none", "--seed", "3", "-o", root, "--set", "data.validation_split=0.25", .. TinySettings(),
    ];

    [Fact]
    public void TuneWritesTheTableBestConfigPlotsAndJournalThenResumes()
    {
        string root = TempDirectory();
        string space = Path.Combine(root, "space.json");
        File.WriteAllText(space, Space);
        var (code, output, error) = Run(TuneArgs(root, space, 2));
        Assert.True(code == 0, error + output);
        Assert.Contains("best: trial", output);
        Assert.Contains("optimizer.lr", output);
        string dir = Path.Combine(root, "tune-demo-space");
        var best = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "best_config.json")))!;
        Assert.Contains(best["optimizer"]!["name"]!.GetValue<string>(), new[] { "adam", "sgd" });
        Assert.InRange(best["optimizer"]!["lr"]!.GetValue<double>(), 1e-4, 0.1);
        Assert.Equal(1, best["epochs"]!.GetValue<int>());
        Assert.InRange(best["model"]!["layers"]![1]!["out_features"]!.GetValue<int>(), 8, 48);
        AssertPng(Path.Combine(dir, "objective.png"), Nabla.Cli.Plots.Charts.Width, Nabla.Cli.Plots.Charts.Height);
        AssertPng(Path.Combine(dir, "parameters.png"), 3 * Nabla.Cli.Plots.TuneCharts.PanelWidth, Nabla.Cli.Plots.TuneCharts.PanelHeight);
        string journal = Path.Combine(dir, "journal.jsonl");
        int finishes = File.ReadAllLines(journal).Count(l => l.Contains("\"finish\"", StringComparison.Ordinal));
        Assert.Equal(2, finishes);
        int lines = File.ReadAllLines(journal).Length;

        // The same command with a larger budget: the two finished trials are replayed, only the third is trained.
        (code, output, error) = Run(TuneArgs(root, space, 3));
        Assert.True(code == 0, error + output);
        Assert.Contains("resuming from", output);
        Assert.Contains("2 finished trial(s)", output);
        Assert.DoesNotContain("trial 0:", output);
        Assert.DoesNotContain("trial 1:", output);
        Assert.Contains("trial 2:", output);
        var after = File.ReadAllLines(journal);
        Assert.Equal(3, after.Count(l => l.Contains("\"finish\"", StringComparison.Ordinal)));
        Assert.True(after.Length > lines);
        Assert.Single(Directory.GetDirectories(root));

        // Rerunning with the budget already spent trains nothing and appends nothing.
        (code, output, _) = Run(TuneArgs(root, space, 3));
        Assert.Equal(0, code);
        Assert.Contains("3 finished trial(s)", output);
        Assert.Equal(after.Length, File.ReadAllLines(journal).Length);
    }

    [Fact]
    public void GridSearchStopsWhenTheGridIsExhaustedAndHonoursJournalAndName()
    {
        string root = TempDirectory();
        string space = Path.Combine(root, "space.json");
        File.WriteAllText(space, """{"optimizer.name": {"type": "choice", "values": ["adam", "sgd"]}}""");
        string journal = Path.Combine(root, "search.jsonl");
        var (code, output, error) = Run(["tune", "--space", space, "--trials", "10", "--sampler", "grid", "--pruner", "asha",
                                         "--journal", journal, "--name", "grid", "--monitor", "val_accuracy", "-o", root,
                                         "--set", "data.validation_split=0.25", .. TinySettings()]);
        Assert.True(code == 0, error + output);
        Assert.Contains("val_accuracy is maximized", output);
        Assert.Equal(2, File.ReadAllLines(journal).Count(l => l.Contains("\"finish\"", StringComparison.Ordinal)));
        Assert.True(File.Exists(Path.Combine(root, "grid", "best_config.json")));
        Assert.False(File.Exists(Path.Combine(root, "grid", "journal.jsonl")));
    }

    [Fact]
    public void TuneWithABadSpaceFileIsAUsageErrorNamingTheFile()
    {
        string root = TempDirectory();
        string space = Path.Combine(root, "bad.json");
        File.WriteAllText(space, """{"optimizer.lr": {"type": "gaussian", "low": 0, "high": 1}}""");
        var (code, _, error) = Run(TuneArgs(root, space, 2));
        Assert.Equal(2, code);
        Assert.Contains(space, error);
        Assert.Contains("unknown type 'gaussian'", error);

        var (missing, _, missingError) = Run(TuneArgs(root, Path.Combine(root, "none.json"), 2));
        Assert.Equal(2, missing);
        Assert.Contains("none.json", missingError);
    }

    [Fact]
    public void TuneRefusesDataKeysAndNeedsValidationData()
    {
        string root = TempDirectory();
        string space = Path.Combine(root, "space.json");
        File.WriteAllText(space, """{"data.max_train_samples": {"type": "int", "low": 100, "high": 200}}""");
        var (code, _, error) = Run(TuneArgs(root, space, 1));
        Assert.Equal(2, code);
        Assert.Contains("data.* keys cannot be searched", error);

        File.WriteAllText(space, """{"model[1].out_features": {"type": "int", "low": 8, "high": 64}}""");
        (code, _, error) = Run(TuneArgs(root, space, 1));
        Assert.Equal(2, code);
        Assert.Contains("parameter 'model[1].out_features' is not a path into the config", error);
        Assert.Empty(Directory.GetDirectories(root));

        File.WriteAllText(space, Space);
        (code, _, error) = Run(["tune", "--space", space, "--trials", "1", "-o", root, .. TinySettings(), "--set", "data.validation_split=0"]);
        Assert.Equal(2, code);
        Assert.Contains("data.validation_split", error);
    }

    [Fact]
    public void CvPrintsEachFoldAndMeanPlusMinusStd()
    {
        string root = TempDirectory();
        var (code, output, error) = Run(["cv", "--folds", "3", "--stratified", "--seed", "1", "-o", root, .. TinySettings()]);
        Assert.True(code == 0, error + output);
        for (int fold = 0; fold < 3; fold++)
            Assert.Contains($"fold {fold}: 160 train, 80 validation", output);
        Assert.Contains("±", output);
        string dir = Directory.GetDirectories(root).Single();
        var csv = File.ReadAllLines(Path.Combine(dir, "cv.csv"));
        Assert.Equal(4, csv.Length);
        Assert.StartsWith("fold,train_samples,validation_samples,", csv[0]);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!;
        Assert.Equal(3, summary["folds"]!.GetValue<int>());
        var accuracy = summary["metrics"]!["accuracy"]!;
        var values = accuracy["values"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.Equal(3, values.Length);
        Assert.Equal(values.Average(), accuracy["mean"]!.GetValue<double>(), 12);
        double mean = values.Average();
        double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        Assert.Equal(std, accuracy["std"]!.GetValue<double>(), 12);
    }

    [Fact]
    public void CvRejectsOneFold()
    {
        var (code, _, error) = Run(["cv", "--folds", "1", "-o", TempDirectory(), .. TinySettings()]);
        Assert.Equal(2, code);
        Assert.Contains("--folds 1", error);
    }

    [Theory]
    [InlineData("tune", "--space")]
    [InlineData("cv", "--stratified")]
    public void HelpListsTheOptions(string verb, string option)
    {
        var (code, output, _) = Run([verb, "--help"]);
        Assert.Equal(0, code);
        Assert.Contains(option, output);
    }
}
