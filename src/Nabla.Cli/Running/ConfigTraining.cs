using Nabla.Cli.Config;
using Nabla.Data;
using Nabla.Training;

namespace Nabla.Cli.Running;

/// <summary>
/// The trainer and fit options a config describes for already loaded data, without a run directory: the pieces
/// <c>nabla tune</c> (one trainer per trial) and <c>nabla cv</c> (one per fold) build many times.
/// </summary>
public static class ConfigTraining
{
    /// <summary>A fresh model (seeded by <paramref name="config"/>) and its trainer for samples of <paramref name="data"/>.</summary>
    /// <param name="config">The run config.</param>
    /// <param name="data">The loaded data (input shape, class names).</param>
    /// <param name="trainCount">Training samples per epoch, for the schedule's steps per epoch.</param>
    /// <exception cref="ConfigException">The model does not fit the data, or the loss needs labels the data lacks.</exception>
    public static Trainer Build(RunConfig config, LoadedData data, int trainCount)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(data);
        if (config.Loss.Classification && data.ClassNames.Count == 0)
            throw new ConfigException($"$.loss.name: \"{config.Loss.Name}\" needs class labels, but the data has a numeric target; use mse, l1 or huber");
        var model = ModelFactory.Build(config, data.InputShape, data.Text?.Vocabulary.Count);
        int batches = (trainCount + config.BatchSize - 1) / config.BatchSize;
        return ModelFactory.CreateTrainer(config, model, config.StepsPerEpoch ?? Math.Max(batches, 1));
    }

    /// <summary>
    /// The fit options of <paramref name="config"/> (epochs, batch size, steps, seed, workers, augmentation and the
    /// config's callbacks), validating on <paramref name="validation"/> (already in the model's normalized view).
    /// </summary>
    public static FitOptions FitOptions(RunConfig config, LoadedData data, IDataset? validation) => new()
    {
        Epochs = config.Epochs,
        BatchSize = config.BatchSize,
        Validation = validation,
        StepsPerEpoch = config.StepsPerEpoch,
        Callbacks = ModelFactory.CreateCallbacks(config),
        Verbose = 0,
        Seed = config.Seed,
        Augmentation = data.TrainingAugmentation(),
        Workers = config.Workers,
    };
}
