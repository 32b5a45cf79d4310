using System.Text.Json.Nodes;
using Nabla.Cli;
using Nabla.Cli.Commands;
using Nabla.Cli.Config;
using Nabla.Cli.Plots;
using Nabla.Cli.Running;
using static Nabla.Tests.Cli.CliTestSupport;

namespace Nabla.Tests.Cli;

public class TrainCommandTests
{
    [Fact]
    public void TrainWritesACompleteRunDirectoryThatEvaluatePredictAndSummaryRead()
    {
        string root = TempDirectory();
        var (code, output, error) = Run(["train", "-o", root, "--name", "e2e", .. TinySettings(epochs: 2),
                                         "--set", "schedule={\"name\": \"step\", \"step_size\": 1, \"gamma\": 0.5}"]);
        Assert.True(code == 0, error);
        Assert.Contains("test: loss", output);
        string dir = Path.Combine(root, "e2e");
        foreach (string file in new[] { "config.resolved.json", "best.safetensors", "last.safetensors", "history.csv", "summary.json", "report.html" })
            Assert.True(File.Exists(Path.Combine(dir, file)), $"{file} is missing");

        AssertPng(Path.Combine(dir, "loss.png"), Charts.Width, Charts.Height);
        AssertPng(Path.Combine(dir, "accuracy.png"), Charts.Width, Charts.Height);
        AssertPng(Path.Combine(dir, "lr.png"), Charts.Width, Charts.Height);
        AssertPng(Path.Combine(dir, "confusion_matrix.png"), 800, 760);
        var (gridW, gridH) = ImageGrid.Size(TrainRunner.MistakeCount, 8);
        AssertPng(Path.Combine(dir, "misclassified.png"), gridW, gridH);

        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        foreach (string png in new[] { "loss.png", "accuracy.png", "lr.png", "confusion_matrix.png", "misclassified.png" })
            Assert.Contains($"src=\"{png}\"", html);

        var history = File.ReadAllLines(Path.Combine(dir, "history.csv"));
        Assert.Equal(3, history.Length);
        Assert.StartsWith("epoch,", history[0]);
        Assert.Contains("val_loss", history[0]);
        int lrColumn = Array.IndexOf(history[0].Split(','), "lr");
        Assert.Equal([0.001, 0.0005], history[1..].Select(line => Math.Round(double.Parse(line.Split(',')[lrColumn], System.Globalization.CultureInfo.InvariantCulture), 9)));
        Assert.True(File.Exists(Path.Combine(dir, "checkpoint.safetensors")));

        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!;
        Assert.Equal("completed", summary["status"]!.GetValue<string>());
        Assert.Equal(2, summary["epochs_completed"]!.GetValue<int>());
        Assert.Equal(216, summary["train_samples"]!.GetValue<int>());
        Assert.Equal(24, summary["validation_samples"]!.GetValue<int>());
        Assert.Equal(120, summary["test_samples"]!.GetValue<int>());
        var confusion = summary["confusion_matrix"]!.AsArray();
        Assert.Equal(10, confusion.Count);
        Assert.Equal(120, confusion.Sum(row => row!.AsArray().Sum(c => c!.GetValue<int>())));

        // The resolved config has the defaults filled in and the overrides applied.
        var resolved = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.resolved.json")))!;
        Assert.Equal(0.001, resolved["optimizer"]!["lr"]!.GetValue<double>());
        Assert.Equal(2, resolved["epochs"]!.GetValue<int>());
        Assert.Equal("Sequential", resolved["model"]!["type"]!.GetValue<string>());

        var (evalCode, evalOut, evalErr) = Run("evaluate", dir);
        Assert.True(evalCode == 0, evalErr);
        Assert.Contains("accuracy", evalOut);
        Assert.Contains("confusion matrix", evalOut);
        Assert.Contains("120 samples", evalOut);

        var (predCode, predOut, predErr) = Run("predict", dir, Path.Combine(dir, "loss.png"), "--top", "2");
        Assert.True(predCode == 0, predErr);
        Assert.Contains("loss.png:", predOut);
        Assert.Contains("%", predOut);

        var (sumCode, sumOut, _) = Run("summary", dir);
        Assert.Equal(0, sumCode);
        Assert.Contains("Linear", sumOut);
        Assert.Contains("25,450", sumOut);
    }

    [Fact]
    public void CancellationSavesACheckpointAndReturns130()
    {
        string root = TempDirectory();
        var config = ConfigLoader.Load(null, TinySettings(epochs: 3).Where((_, i) => i % 2 == 1));
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        int code = TrainCommand.Execute(config, new RunOptions { OutputRoot = root, RunName = "stopped", Verbose = 0, Cancellation = cancel.Token });
        Assert.Equal(ExitCodes.Interrupted, code);
        string dir = Path.Combine(root, "stopped");
        Assert.True(File.Exists(Path.Combine(dir, "last.safetensors")));
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!;
        Assert.Equal("interrupted", summary["status"]!.GetValue<string>());
        // The trainer counts the epoch it was stopped in as completed (it ran one batch of it).
        Assert.Equal(1, summary["epochs_completed"]!.GetValue<int>());
        Assert.Equal(1, summary["steps"]!.GetValue<int>());
        var model = ModelFile.Load(Path.Combine(dir, "last.safetensors"));
        Assert.Equal([1, 28, 28], model.InputShape);
        Assert.Equal(10, model.ClassNames.Count);
    }

    [Fact]
    public void CancellationMidTrainingStopsAfterTheCurrentBatch()
    {
        var config = ConfigLoader.Load(null, TinySettings(epochs: 3).Where((_, i) => i % 2 == 1));
        using var cancel = new CancellationTokenSource();
        var interrupt = new InterruptCallback(cancel.Token);
        var data = LoadedData.Load(config.Data, config.Seed);
        var trainer = ModelFactory.CreateTrainer(config, ModelFactory.Build(config, data.InputShape));
        var trigger = new Nabla.Training.Callbacks.LambdaCallback(onBatchEnd: (batch, _) => { if (batch == 1) cancel.Cancel(); });
        trainer.Fit(data.ForModel(data.Train), new Nabla.Training.FitOptions { Epochs = 3, BatchSize = 60, Callbacks = [trigger, interrupt], Verbose = 0 });
        Assert.True(interrupt.Interrupted);
        Assert.Equal(2, trainer.GlobalStep);
        Assert.Equal(1, trainer.CompletedEpochs);
    }

    [Fact]
    public void EveryVerbHasHelp()
    {
        foreach (string verb in new[] { "train", "evaluate", "predict", "summary", "compare", "lr-find", "augment-preview", "info" })
        {
            var (code, output, _) = Run(verb, "--help");
            Assert.Equal(0, code);
            Assert.Contains("Usage:", output);
            Assert.Contains(verb, output);
        }
    }

    [Fact]
    public void AMissingConfigFileIsAUsageError()
    {
        var (code, _, error) = Run("train", Path.Combine(TempDirectory(), "nope.json"));
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("no such config file", error);
    }
}
