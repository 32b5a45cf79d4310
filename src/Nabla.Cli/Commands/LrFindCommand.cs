using System.CommandLine;
using System.Globalization;
using System.Text;
using Nabla.Cli.Config;
using Nabla.Cli.Plots;
using Nabla.Cli.Running;
using Nabla.Training;

namespace Nabla.Cli.Commands;

/// <summary>
/// <c>nabla lr-find config.json</c>: the learning-rate range test (see <see cref="LrFinder"/>); writes
/// <c>lr_find.png</c> and <c>lr_find.csv</c> and prints the suggested rate.
/// </summary>
public static class LrFindCommand
{
    /// <summary>Builds the <c>lr-find</c> verb.</summary>
    public static Command Create()
    {
        var config = CommonOptions.ConfigArgument();
        var set = CommonOptions.Set();
        var output = CommonOptions.Output();
        var start = new Option<double>("--start") { Description = "First learning rate of the sweep.", DefaultValueFactory = _ => 1e-7 };
        var end = new Option<double>("--end") { Description = "Last learning rate of the sweep.", DefaultValueFactory = _ => 10 };
        var steps = new Option<int>("--steps") { Description = "Batches (optimizer steps) in the sweep.", DefaultValueFactory = _ => 100 };
        var command = new Command("lr-find", "Learning-rate range test: sweep the rate exponentially over batches, plot the smoothed loss " +
                                             "against it and suggest a rate (weights are restored afterwards).")
        {
            config, set, output, start, end, steps,
        };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var run = ConfigLoader.Load(parse.GetValue(config), parse.GetValue(set));
            double lo = parse.GetValue(start), hi = parse.GetValue(end);
            int n = parse.GetValue(steps);
            if (!(lo > 0 && hi > lo) || n < 3)
                throw new CliException($"lr-find: need 0 < --start < --end and --steps ≥ 3, got {lo}, {hi}, {n}", ExitCodes.Usage);
            string dir = TrainRunner.CreateRunDirectory(parse.GetValue(output)!, "lr-find-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
            var result = Run(run, lo, hi, n, dir);
            writer.WriteLine($"swept {result.Finder.LearningRates.Count} steps from {lo:g3} to {result.Finder.LearningRates[^1]:g3}{(result.Finder.Diverged ? " (stopped: the loss diverged)" : "")}");
            writer.WriteLine($"steepest descent at lr {result.Steepest:g3}; minimum loss at lr {result.MinOver10 * 10:g3} (÷10 = {result.MinOver10:g3})");
            writer.WriteLine($"suggested lr: {result.Steepest:g3}");
            writer.WriteLine($"wrote {Path.Combine(dir, "lr_find.png")}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>What the sweep found.</summary>
    /// <param name="Finder">The sweep with its rates and smoothed losses.</param>
    /// <param name="Steepest">Rate of steepest descent (the suggestion).</param>
    /// <param name="MinOver10">Rate at the minimum loss divided by 10.</param>
    /// <param name="WeightsRestored">Whether every weight equals its value before the sweep.</param>
    public sealed record Result(LrFinder Finder, double Steepest, double MinOver10, bool WeightsRestored);

    /// <summary>Runs the sweep for <paramref name="config"/> and writes the plot and CSV into <paramref name="dir"/>.</summary>
    public static Result Run(RunConfig config, double start, double end, int steps, string dir)
    {
        var data = LoadedData.Load(config.Data, config.Seed);
        var model = ModelFactory.Build(config, data.InputShape, data.Text?.Vocabulary.Count);
        var trainer = ModelFactory.CreateTrainer(config, model);
        var saved = model.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        var finder = new LrFinder(start, end, steps);
        var train = data.Train;
        int perEpoch = Math.Max(1, (train.Count + config.BatchSize - 1) / config.BatchSize);
        trainer.Fit(train, new FitOptions
        {
            Epochs = (steps + perEpoch - 1) / perEpoch,
            BatchSize = config.BatchSize,
            Callbacks = [finder],
            Verbose = 0,
            Seed = config.Seed,
            Augmentation = data.TrainingAugmentation(),
        });
        var state = model.StateDict();
        using (Autograd.NoGrad())
            foreach (var (name, values) in saved)
                state[name].CopyFrom(Tensor.FromArray(values, state[name].Shape.ToArray()));
        bool restored = model.StateDict().All(kv => kv.Value.ToArray().AsSpan().SequenceEqual(saved[kv.Key]));
        var (steepest, minOver10) = finder.Suggest();
        int usable = finder.Diverged ? finder.SmoothedLosses.Count - 1 : finder.SmoothedLosses.Count;
        Charts.LrFinder(finder.LearningRates.Take(usable).ToList(), finder.SmoothedLosses.Take(usable).ToList(), steepest, Path.Combine(dir, "lr_find.png"));
        var csv = new StringBuilder("step,lr,smoothed_loss\n");
        for (int i = 0; i < finder.LearningRates.Count; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{i},{finder.LearningRates[i]:R},{finder.SmoothedLosses[i]:R}\n");
        File.WriteAllText(Path.Combine(dir, "lr_find.csv"), csv.ToString());
        return new Result(finder, steepest, minOver10, restored);
    }
}
