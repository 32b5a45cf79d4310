using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nabla.Cli.Config;
using Nabla.Cli.Plots;
using Nabla.Data;
using Nabla.Serialization;
using Nabla.Training;
using Nabla.Training.Callbacks;

namespace Nabla.Cli.Running;

/// <summary>
/// <c>nabla train</c>'s work: builds data, model and trainer from a config, trains, and fills the run directory
/// with <c>config.resolved.json</c>, <c>best.safetensors</c>, <c>last.safetensors</c>, <c>checkpoint.safetensors</c>
/// (the full training state of <see cref="Checkpoint"/>: weights, optimizer, scheduler, step, RNG), <c>history.csv</c>,
/// the plots, <c>summary.json</c> and <c>report.html</c>.
/// </summary>
public static class TrainRunner
{
    /// <summary>How many misclassified examples <c>misclassified.png</c> shows.</summary>
    public const int MistakeCount = 16;

    /// <summary>Trains <paramref name="config"/>; see the type's summary for what it writes.</summary>
    /// <exception cref="ConfigException">The config does not fit the data (e.g. the model's input).</exception>
    /// <exception cref="CliException">The data cannot be loaded.</exception>
    public static RunResult Run(RunConfig config, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        var output = options.Output;
        var data = LoadedData.Load(config.Data, config.Seed);
        var trainer = ConfigTraining.Build(config, data, data.Train.Count);
        var model = trainer.Model;
        string dir = CreateRunDirectory(options.OutputRoot, options.RunName ?? config.Name);
        File.WriteAllText(Path.Combine(dir, "config.resolved.json"), config.Resolved.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        if (options.Verbose > 0)
        {
            output.WriteLine($"run directory: {dir}");
            output.WriteLine($"data: {data.Source}; {data.Train.Count} training, {data.Validation?.Count ?? 0} validation, {data.Test?.Count ?? 0} test samples");
            output.WriteLine($"model: {model.ParameterCount():N0} parameters; optimizer {config.Optimizer.Name} (lr {config.Optimizer.Lr:g4}); {config.Epochs} epochs of batch {config.BatchSize}");
        }
        ModelFile Snapshot(int epoch) => new(model, data.InputShape, data.ClassNames, data.Mean, data.Std, epoch, data.Text);
        var interrupt = new InterruptCallback(options.Cancellation);
        var best = new BestCheckpoint(Path.Combine(dir, "best.safetensors"), config.Callbacks.Checkpoint.Monitor, config.Callbacks.Checkpoint.Mode, Snapshot);
        var fit = ConfigTraining.FitOptions(config, data, data.Validation is null ? null : data.ForModel(data.Validation));
        var started = DateTime.UtcNow;
        var history = trainer.Fit(data.Train, fit with
        {
            Callbacks = [.. fit.Callbacks, best, interrupt],
            Verbose = options.Verbose,
            Output = options.Console ? null : output,
        });
        double seconds = (DateTime.UtcNow - started).TotalSeconds;
        Snapshot(trainer.CompletedEpochs).Save(Path.Combine(dir, "last.safetensors"));
        Checkpoint.Save(Path.Combine(dir, "checkpoint.safetensors"), trainer);
        if (!File.Exists(Path.Combine(dir, "best.safetensors")))
            File.Copy(Path.Combine(dir, "last.safetensors"), Path.Combine(dir, "best.safetensors"));
        AtomicFile.WriteAllText(Path.Combine(dir, "history.csv"), history.ToCsv());

        Dictionary<string, double>? testMetrics = null;
        Predictions? predictions = null;
        IDataset? evalRaw = data.Test ?? data.Validation;
        string evalName = data.Test is not null ? "test" : "validation";
        if (!interrupt.Interrupted && evalRaw is not null)
        {
            testMetrics = new Dictionary<string, double>(trainer.Evaluate(data.ForModel(evalRaw), Math.Max(config.BatchSize, 256)));
            if (evalRaw is ILabeledDataset labeled && config.Loss.Classification)
                predictions = Predictions.Compute(trainer, data.ForModel(evalRaw), labeled, Math.Max(config.BatchSize, 256));
        }
        var plots = new List<(string File, string Caption)>();
        if (options.Plots)
            plots = WritePlots(dir, history, predictions, evalRaw, data, evalName);
        WriteSummary(dir, config, data, model.ParameterCount(), trainer, history, best, interrupt.Interrupted, seconds, testMetrics, evalName, predictions);
        if (options.Plots)
            WriteReport(dir, config, history, testMetrics, evalName, interrupt.Interrupted, seconds, plots);
        if (options.Verbose > 0)
        {
            if (interrupt.Interrupted)
                output.WriteLine($"interrupted in epoch {trainer.CompletedEpochs} after {trainer.GlobalStep} optimizer steps; checkpoint saved to {Path.Combine(dir, "last.safetensors")}");
            else if (testMetrics is not null)
                output.WriteLine($"{evalName}: " + string.Join(", ", testMetrics.Select(kv => $"{kv.Key} {kv.Value:0.####}")));
            output.WriteLine($"wrote {dir}");
        }
        return new RunResult(dir, history, interrupt.Interrupted, testMetrics);
    }

    /// <summary>Creates <c>root/name</c> (a UTC timestamp when <paramref name="name"/> is null), adding -2, -3 … when taken.</summary>
    public static string CreateRunDirectory(string root, string? name)
    {
        string baseName = name ?? DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string dir = Path.Combine(root, baseName);
        for (int i = 2; Directory.Exists(dir); i++)
            dir = Path.Combine(root, $"{baseName}-{i}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static List<(string, string)> WritePlots(string dir, History history, Predictions? predictions, IDataset? evalRaw, LoadedData data, string evalName)
    {
        var plots = new List<(string, string)>();
        if (Charts.TrainValidation(history, "loss", "Loss per epoch", Path.Combine(dir, "loss.png")))
            plots.Add(("loss.png", "Loss per epoch, training (solid) and validation (dashed)"));
        foreach (string key in history.Values.Keys.Where(k => !k.StartsWith("val_", StringComparison.Ordinal) && k is not "loss" and not "lr").ToList())
            if (Charts.TrainValidation(history, key, $"{key} per epoch", Path.Combine(dir, $"{key}.png")))
                plots.Add(($"{key}.png", $"{key} per epoch, training (solid) and validation (dashed)"));
        if (Charts.LearningRate(history, Path.Combine(dir, "lr.png")))
            plots.Add(("lr.png", "Learning rate per epoch"));
        if (predictions is not null)
        {
            Charts.ConfusionMatrix(predictions.Confusion(), data.ClassNames, Path.Combine(dir, "confusion_matrix.png"));
            plots.Add(("confusion_matrix.png", $"Confusion matrix on the {evalName} data"));
            if (data.Config.IsImage && evalRaw is not null)
            {
                var tiles = predictions.MistakeTiles(evalRaw, data.ClassNames, MistakeCount);
                if (tiles.Count > 0)
                {
                    ImageGrid.Save(tiles, 8, $"Most confidently misclassified ({evalName} data)", Path.Combine(dir, "misclassified.png"));
                    plots.Add(("misclassified.png", $"The {tiles.Count} most confident mistakes on the {evalName} data"));
                }
            }
        }
        return plots;
    }

    private static void WriteSummary(string dir, RunConfig config, LoadedData data, long parameters, Trainer trainer, History history,
                                     BestCheckpoint best, bool interrupted, double seconds, Dictionary<string, double>? evalMetrics,
                                     string evalName, Predictions? predictions)
    {
        var final = new JsonObject();
        foreach (var (key, values) in history.Values)
            if (values.Count > 0 && double.IsFinite(values[^1]))
                final[key] = values[^1];
        var summary = new JsonObject
        {
            ["name"] = Path.GetFileName(dir),
            ["status"] = interrupted ? "interrupted" : "completed",
            ["epochs_completed"] = trainer.CompletedEpochs,
            ["epochs_planned"] = config.Epochs,
            ["steps"] = trainer.GlobalStep,
            ["seconds"] = Math.Round(seconds, 3),
            ["parameters"] = parameters,
            ["data"] = data.Source,
            ["train_samples"] = data.Train.Count,
            ["validation_samples"] = data.Validation?.Count ?? 0,
            ["test_samples"] = data.Test?.Count ?? 0,
            ["final_epoch"] = final,
            ["best_checkpoint"] = new JsonObject
            {
                ["monitor"] = config.Callbacks.Checkpoint.Monitor,
                ["value"] = best.Best is double b && double.IsFinite(b) ? b : null,
                ["epoch"] = best.BestEpoch is int e ? e + 1 : null,
            },
        };
        if (evalMetrics is not null)
        {
            var m = new JsonObject();
            foreach (var (k, v) in evalMetrics)
                m[k] = double.IsFinite(v) ? v : null;
            summary[evalName] = m;
        }
        if (predictions is not null)
        {
            var counts = predictions.Confusion();
            var rows = new JsonArray();
            for (int t = 0; t < counts.GetLength(0); t++)
                rows.Add(new JsonArray([.. Enumerable.Range(0, counts.GetLength(1)).Select(p => (JsonNode)counts[t, p])]));
            summary["confusion_matrix"] = rows;
            summary["classes"] = new JsonArray([.. data.ClassNames.Select(c => (JsonNode)c)]);
        }
        AtomicFile.WriteAllText(Path.Combine(dir, "summary.json"), summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static void WriteReport(string dir, RunConfig config, History history, Dictionary<string, double>? evalMetrics, string evalName,
                                    bool interrupted, double seconds, List<(string File, string Caption)> plots)
    {
        var facts = new List<(string, string)>
        {
            ("status", interrupted ? "interrupted (Ctrl+C)" : "completed"),
            ("epochs", $"{history.Epochs.Count} of {config.Epochs}"),
            ("optimizer", $"{config.Optimizer.Name}, lr {config.Optimizer.Lr:g4}"),
            ("training time", $"{seconds:0.0} s"),
        };
        foreach (var (key, values) in history.Values)
            if (values.Count > 0 && key != "lr")
                facts.Add(($"final {key}", values[^1].ToString("0.####", CultureInfo.InvariantCulture)));
        if (evalMetrics is not null)
            foreach (var (k, v) in evalMetrics)
                facts.Add(($"{evalName} {k}", v.ToString("0.####", CultureInfo.InvariantCulture)));
        HtmlReport.Write(dir, $"nabla run {Path.GetFileName(dir)}", facts, plots,
                         config.Resolved.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
