using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nabla.Cli.Config;
using Nabla.Cli.Running;
using Nabla.Tuning.Validation;

namespace Nabla.Cli.Commands;

/// <summary>
/// <c>nabla cv config.json --folds 5 [--stratified]</c>: k-fold cross-validation of a config. The config's training
/// samples (its validation split is ignored: each fold is the validation data in turn) are cut into k folds; fold i
/// trains a fresh model seeded with seed + i on the others and is evaluated on fold i. Prints every fold and the
/// mean ± sample standard deviation of each metric, and writes <c>cv.csv</c>, <c>summary.json</c> and
/// <c>config.resolved.json</c> to a run directory.
/// </summary>
public static class CvCommand
{
    /// <summary>Builds the <c>cv</c> verb.</summary>
    public static Command Create()
    {
        var config = CommonOptions.ConfigArgument();
        var folds = new Option<int>("--folds", "-k") { Description = "Number of folds (at least 2).", DefaultValueFactory = _ => 5 };
        var stratified = new Option<bool>("--stratified") { Description = "Keep the class proportions in every fold (classification data)." };
        var seed = new Option<ulong?>("--seed") { Description = "Seed of the fold shuffle and, plus the fold number, of each fold's model (default: the config's seed)." };
        var set = CommonOptions.Set();
        var output = CommonOptions.Output();
        var quiet = CommonOptions.Quiet();
        var command = new Command("cv", "Cross-validate a config: train one fresh model per fold and report each metric's mean ± std across the folds.")
        {
            config, folds, stratified, seed, set, output, quiet,
        };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var run = ConfigLoader.Load(parse.GetValue(config), parse.GetValue(set));
            var result = Run(run, parse.GetValue(folds), parse.GetValue(stratified), parse.GetValue(seed) ?? run.Seed,
                             parse.GetValue(output)!, parse.GetValue(quiet) ? TextWriter.Null : writer);
            writer.Write(result.Result.ToTable());
            writer.WriteLine($"wrote {result.Directory}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Runs the cross-validation of <paramref name="config"/> and writes its run directory.</summary>
    /// <param name="config">The training config.</param>
    /// <param name="k">Number of folds.</param>
    /// <param name="stratified">Stratified folds.</param>
    /// <param name="seed">Fold shuffle seed; fold i's model and training use seed + i.</param>
    /// <param name="outputRoot">Where the run directory is created.</param>
    /// <param name="progress">Per-fold progress lines.</param>
    /// <exception cref="CliException">Fewer than 2 folds, more folds than samples, or stratified folds on unlabeled data (exit 2).</exception>
    public static (string Directory, CrossValidationResult Result) Run(RunConfig config, int k, bool stratified, ulong seed,
                                                                        string outputRoot, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(progress);
        var data = LoadedData.Load(config.Data with { ValidationSplit = 0 }, config.Seed);
        if (k < 2 || k > data.Train.Count)
            throw new CliException($"--folds {k}: give between 2 and the {data.Train.Count} training samples", ExitCodes.Usage);
        var all = data.ForModel(data.Train);
        Nabla.Data.Splits.Fold[] folds;
        try
        {
            folds = CrossValidation.Folds(all, k, stratified, shuffle: true, seed);
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"--stratified: {ex.Message}", ExitCodes.Usage, ex);
        }
        string dir = TrainRunner.CreateRunDirectory(outputRoot, $"cv-{config.Name ?? "run"}-{k}fold");
        File.WriteAllText(Path.Combine(dir, "config.resolved.json"), config.Resolved.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        progress.WriteLine($"run directory: {dir}");
        progress.WriteLine($"data: {data.Source}; {data.Train.Count} samples in {k}{(stratified ? " stratified" : "")} folds");
        var options = ConfigTraining.FitOptions(config, data, null) with { Augmentation = data.TrainingAugmentation(normalize: false) };
        CrossValidationResult result;
        try
        {
            result = CrossValidation.Run(all, folds, fold =>
            {
                var foldConfig = Reseed(config, seed + (ulong)fold);
                return ConfigTraining.Build(foldConfig, data, folds[fold].Train.Length);
            }, options, f => progress.WriteLine(
                $"fold {f.Fold}: {f.TrainCount} train, {f.ValidationCount} validation; " +
                string.Join(", ", f.Metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:0.####}")))));
        }
        catch (ConfigException ex)
        {
            throw new CliException($"invalid config: {ex.Message}", ExitCodes.Usage, ex);
        }
        WriteResults(dir, result, k, stratified, seed);
        return (dir, result);
    }

    private static RunConfig Reseed(RunConfig config, ulong seed)
    {
        var json = (JsonObject)config.Resolved.DeepClone();
        json["seed"] = JsonNode.Parse(seed.ToString(CultureInfo.InvariantCulture));
        return ConfigLoader.Parse(json);
    }

    private static void WriteResults(string dir, CrossValidationResult result, int k, bool stratified, ulong seed)
    {
        var names = result.Summary.Keys.ToList();
        var csv = new StringBuilder("fold,train_samples,validation_samples," + string.Join(",", names) + "\n");
        foreach (var f in result.Folds)
            csv.Append(CultureInfo.InvariantCulture, $"{f.Fold},{f.TrainCount},{f.ValidationCount},")
               .Append(string.Join(",", names.Select(n => f.Metrics.TryGetValue(n, out double v) ? v.ToString("R", CultureInfo.InvariantCulture) : "")))
               .Append('\n');
        File.WriteAllText(Path.Combine(dir, "cv.csv"), csv.ToString());
        var metrics = new JsonObject();
        foreach (var (name, s) in result.Summary)
            metrics[name] = new JsonObject
            {
                ["mean"] = double.IsFinite(s.Mean) ? s.Mean : null,
                ["std"] = double.IsFinite(s.Std) ? s.Std : null,
                ["values"] = new JsonArray([.. s.Values.Select(v => (JsonNode?)(double.IsFinite(v) ? v : null))]),
            };
        var summary = new JsonObject { ["folds"] = k, ["stratified"] = stratified, ["seed"] = seed, ["metrics"] = metrics };
        File.WriteAllText(Path.Combine(dir, "summary.json"), summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
