using Nabla.Data;
using Nabla.Training;
using Nabla.Training.Callbacks;

namespace Nabla.Tuning;

/// <summary>
/// Turns "build a trainer from the trial's parameters" into a study objective: the trainer is fitted, after every
/// epoch the monitored log (e.g. <c>val_loss</c> or <c>val_accuracy</c>) is reported at step epoch + 1 (epochs
/// completed, as successive halving expects), and when the pruner says so training stops after that epoch and the
/// trial is recorded as pruned. The objective's value is the monitored log at the last epoch. This is the piece a
/// config-driven command line needs: its trainer factory applies the trial's parameters to the config
/// (<see cref="ConfigPath.Apply"/>) and builds the trainer.
/// </summary>
public static class TrainerObjective
{
    /// <summary>Creates the objective.</summary>
    /// <param name="trainerFactory">Builds a fresh trainer for a trial (read its parameters from the context).</param>
    /// <param name="train">Training data.</param>
    /// <param name="options">Fit options; give Validation or ValidationSplit so that val_ logs exist. Its callbacks run too.</param>
    /// <param name="monitor">The log reported and returned; set the study's direction to match (minimize a loss, maximize an accuracy).</param>
    public static Func<TrialContext, double> Create(Func<TrialContext, Trainer> trainerFactory, IDataset train, FitOptions options,
                                                    string monitor = "val_loss")
    {
        ArgumentNullException.ThrowIfNull(trainerFactory);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(monitor);
        return trial =>
        {
            var trainer = trainerFactory(trial) ?? throw new InvalidOperationException($"TrainerObjective: the trainer factory returned null for trial {trial.Number}");
            bool pruned = false;
            double last = double.NaN;
            var reporter = new LambdaCallback(onEpochEnd: (epoch, logs) =>
            {
                if (!logs.TryGetValue(monitor, out last))
                    throw new InvalidOperationException(
                        $"TrainerObjective: epoch {epoch} has no log '{monitor}'; logs are {string.Join(", ", logs.Keys)} (give validation data for val_ logs)");
                trial.Report(epoch + 1, last);
                if (trial.ShouldPrune())
                {
                    pruned = true;
                    trainer.StopTraining = true;
                }
            });
            trainer.Fit(train, options with { Callbacks = [.. options.Callbacks, reporter] });
            if (pruned)
                trial.Prune();
            return last;
        };
    }
}
