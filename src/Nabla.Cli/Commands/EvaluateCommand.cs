using System.CommandLine;
using System.Globalization;
using System.Text;
using Nabla.Cli.Config;
using Nabla.Cli.Plots;
using Nabla.Cli.Running;
using Nabla.Data;

namespace Nabla.Cli.Commands;

/// <summary><c>nabla evaluate RUN_DIR|MODEL [--data config.json]</c>: loss, metrics and confusion matrix on the test (else validation) data.</summary>
public static class EvaluateCommand
{
    /// <summary>Builds the <c>evaluate</c> verb.</summary>
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A run directory written by nabla train, or a .safetensors model file." };
        var data = new Option<string?>("--data", "-d") { Description = "Config whose data (and loss, metrics) to evaluate on; default: the run's config.resolved.json, else the demo's." };
        var set = CommonOptions.Set();
        var plot = new Option<string?>("--plot") { Description = "Also write the confusion matrix as a PNG to this path." };
        var command = new Command("evaluate", "Evaluate a trained model: loss, metrics and the confusion matrix on the test (else validation) data.")
        {
            model, data, set, plot,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var (modelPath, runConfig) = ModelSource.Resolve(parse.GetValue(model)!);
            var config = ModelSource.Config(parse.GetValue(data), runConfig, parse.GetValue(set));
            var file = ModelFile.Load(modelPath);
            var loaded = LoadedData.Load(config.Data, config.Seed);
            var raw = loaded.Test ?? loaded.Validation
                ?? throw new CliException("evaluate: the config's data has neither a test set nor a validation split; set data.use_test or data.validation_split", ExitCodes.Usage);
            string split = loaded.Test is not null ? "test" : "validation";
            if (!raw.InputShape.SequenceEqual(file.InputShape))
                throw new CliException($"evaluate: the model takes inputs [{string.Join(", ", file.InputShape)}] but the data's are [{string.Join(", ", raw.InputShape.ToArray())}]", ExitCodes.Usage);
            IDataset input = file.Mean is null ? raw : NormalizedDataset.Create(raw, file.Mean, file.Std!);
            var trainer = ModelFactory.CreateTrainer(config, file.Model);
            var metrics = trainer.Evaluate(input, Math.Max(config.BatchSize, 256));
            output.WriteLine($"model: {modelPath} (epoch {file.Epoch})");
            output.WriteLine($"data: {loaded.Source}, {split} split, {raw.Count} samples");
            foreach (var (k, v) in metrics)
                output.WriteLine($"{k,-12} {v.ToString("0.####", CultureInfo.InvariantCulture)}");
            if (raw is ILabeledDataset labeled && config.Loss.Classification)
            {
                var predictions = Predictions.Compute(trainer, input, labeled, 256);
                var names = file.ClassNames.Count > 0 ? file.ClassNames : loaded.ClassNames;
                output.WriteLine();
                output.Write(FormatConfusion(predictions.Confusion(), names));
                if (parse.GetValue(plot) is { } png)
                {
                    Charts.ConfusionMatrix(predictions.Confusion(), names, png);
                    output.WriteLine($"wrote {png}");
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The confusion matrix as aligned text, rows = true class, columns = predicted class.</summary>
    public static string FormatConfusion(int[,] counts, IReadOnlyList<string> names)
    {
        int n = counts.GetLength(0);
        string Name(int i) => i < names.Count ? names[i] : i.ToString(CultureInfo.InvariantCulture);
        int label = Math.Max(10, Enumerable.Range(0, n).Max(i => Name(i).Length));
        int cell = Math.Max(6, counts.Cast<int>().Max().ToString(CultureInfo.InvariantCulture).Length + 1);
        var sb = new StringBuilder("confusion matrix (rows: true, columns: predicted)\n");
        sb.Append(new string(' ', label));
        for (int p = 0; p < n; p++)
            sb.Append(' ').Append(Abbreviate(Name(p), cell).PadLeft(cell));
        sb.Append('\n');
        for (int t = 0; t < n; t++)
        {
            sb.Append(Name(t).PadRight(label));
            for (int p = 0; p < n; p++)
                sb.Append(' ').Append(counts[t, p].ToString(CultureInfo.InvariantCulture).PadLeft(cell));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string Abbreviate(string s, int width) => s.Length <= width ? s : s[..width];
}
