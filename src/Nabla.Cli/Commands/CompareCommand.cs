using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Nabla.Cli.Config;
using Nabla.Cli.Plots;
using Nabla.Cli.Running;
using Nabla.Training;

namespace Nabla.Cli.Commands;

/// <summary>
/// <c>nabla compare config.json --vary key=v1,v2,...</c>: trains one run per value of any config key from the same
/// seed, then draws their loss and accuracy curves on one chart (<c>compare.png</c>) and a table (<c>compare.csv</c>,
/// printed too).
/// </summary>
public static class CompareCommand
{
    /// <summary>Builds the <c>compare</c> verb.</summary>
    public static Command Create()
    {
        var config = CommonOptions.ConfigArgument();
        var vary = new Option<string>("--vary", "-v")
        {
            Description = "The key to vary and its values, e.g. optimizer=sgd,momentum,adagrad,rmsprop,adam or optimizer.lr=0.1,0.01,0.001.",
            Required = true,
        };
        var set = CommonOptions.Set();
        var output = CommonOptions.Output();
        var quiet = CommonOptions.Quiet();
        var command = new Command("compare", "Train variants of a config that differ in one key (same seed) and compare their curves on one chart.")
        {
            config, vary, set, output, quiet,
        };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            string spec = parse.GetValue(vary)!;
            int eq = spec.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == spec.Length - 1)
                throw new CliException($"--vary {spec}: expected key=value1,value2,..., e.g. optimizer=sgd,adam", ExitCodes.Usage);
            string key = spec[..eq];
            string[] values = spec[(eq + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var baseJson = ConfigLoader.LoadJson(parse.GetValue(config), parse.GetValue(set));
            var options = new RunOptions
            {
                Output = writer,
                Console = CommonOptions.IsConsole(writer),
                Verbose = parse.GetValue(quiet) ? 0 : 2,
            };
            var result = Run(baseJson, key, values, parse.GetValue(output)!, options);
            writer.Write(result.Table);
            writer.WriteLine($"wrote {Path.Combine(result.Directory, "compare.png")}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>What a comparison produced.</summary>
    /// <param name="Directory">The comparison folder (one run directory per variant inside).</param>
    /// <param name="Runs">Each variant's label and history.</param>
    /// <param name="Table">The printed table.</param>
    public sealed record Result(string Directory, IReadOnlyList<(string Label, History History)> Runs, string Table);

    /// <summary>Trains every variant of <paramref name="baseJson"/> with <paramref name="key"/> set to each of <paramref name="values"/>.</summary>
    public static Result Run(JsonObject baseJson, string key, IReadOnlyList<string> values, string outputRoot, RunOptions options)
    {
        if (values.Count == 0)
            throw new CliException($"--vary {key}=: no values to compare", ExitCodes.Usage);
        var configs = new List<(string Label, RunConfig Config)>();
        foreach (string value in values)
        {
            var json = (JsonObject)baseJson.DeepClone();
            try
            {
                ConfigOverrides.Set(json, key, value);
            }
            catch (ConfigException ex)
            {
                throw new CliException($"invalid config: {ex.Message}", ExitCodes.Usage, ex);
            }
            json["name"] = null;
            configs.Add(($"{key}={value}", ConfigLoader.Parse(json)));
        }
        string dir = TrainRunner.CreateRunDirectory(outputRoot, "compare-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var runs = new List<(string, History)>();
        var rows = new List<(string Label, RunResult Result, RunConfig Config)>();
        foreach (var (label, config) in configs)
        {
            options.Output.WriteLine($"== {label}");
            var result = TrainRunner.Run(config, options with { OutputRoot = dir, RunName = Sanitize(label) });
            runs.Add((label, result.History));
            rows.Add((label, result, config));
            if (result.Interrupted)
                break;
        }
        string accuracy = rows[0].Config.Metrics.FirstOrDefault() ?? "accuracy";
        Charts.Compare(runs, accuracy, Path.Combine(dir, "compare.png"));
        var csv = new StringBuilder($"variant,epochs,loss,val_loss,{accuracy},val_{accuracy},eval_loss,eval_{accuracy}\n");
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"{"variant",-28} {"epochs",6} {"loss",9} {"val_loss",9} {accuracy,9} {"val_" + accuracy,12} {"eval_" + accuracy,13}\n");
        foreach (var (label, result, _) in rows)
        {
            double Last(string k) => result.History.Values.TryGetValue(k, out var v) && v.Count > 0 ? v[^1] : double.NaN;
            double evalLoss = result.TestMetrics?.GetValueOrDefault("loss", double.NaN) ?? double.NaN;
            double evalAcc = result.TestMetrics?.GetValueOrDefault(accuracy, double.NaN) ?? double.NaN;
            csv.Append(CultureInfo.InvariantCulture, $"{label},{result.History.Epochs.Count},{Last("loss"):R},{Last("val_loss"):R},{Last(accuracy):R},{Last("val_" + accuracy):R},{evalLoss:R},{evalAcc:R}\n");
            table.Append(CultureInfo.InvariantCulture,
                $"{label,-28} {result.History.Epochs.Count,6} {Last("loss"),9:0.0000} {Last("val_loss"),9:0.0000} {Last(accuracy),9:0.0000} {Last("val_" + accuracy),12:0.0000} {evalAcc,13:0.0000}\n");
        }
        File.WriteAllText(Path.Combine(dir, "compare.csv"), csv.ToString());
        return new Result(dir, runs, table.ToString());
    }

    private static string Sanitize(string label)
    {
        var sb = new StringBuilder();
        foreach (char c in label)
            sb.Append(char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '=' ? c : '_');
        return sb.ToString();
    }
}
