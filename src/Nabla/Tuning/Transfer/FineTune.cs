using Nabla.Data;
using Nabla.Nn;
using Nabla.Training;

namespace Nabla.Tuning.Transfer;

/// <summary>Settings of <see cref="FineTune.Run"/> (fastai's <c>fine_tune</c> defaults).</summary>
public sealed record FineTuneOptions
{
    /// <summary>Epochs with everything but the head frozen.</summary>
    public int FreezeEpochs { get; init; } = 1;

    /// <summary>Epochs with everything unfrozen.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Learning rate of the head; the frozen phase trains the head at this rate.</summary>
    public double BaseLr { get; init; } = 2e-3;

    /// <summary>Ratio between the head's and the first group's rate in the unfrozen phase.</summary>
    public double LrMult { get; init; } = 100;

    /// <summary>Halve the base rate after the frozen phase, as fastai does.</summary>
    public bool HalveBaseLr { get; init; } = true;

    /// <summary>Everything else of Fit (batch size, validation, callbacks, verbosity); Epochs and InitialEpoch are set per phase.</summary>
    public FitOptions Fit { get; init; } = new();
}

/// <summary>The histories of the two phases.</summary>
/// <param name="Frozen">The epochs trained with only the head trainable.</param>
/// <param name="Unfrozen">The epochs trained with discriminative rates.</param>
/// <param name="UnfrozenRates">The learning rate of each layer group in the unfrozen phase.</param>
public sealed record FineTuneResult(History Frozen, History Unfrozen, IReadOnlyList<double> UnfrozenRates);

/// <summary>
/// fastai's <c>fine_tune</c> recipe for a pre-trained network split into layer groups (earliest first, the new head
/// last): (1) freeze every group but the head and train <see cref="FineTuneOptions.FreezeEpochs"/> epochs at the base
/// rate; (2) halve the base rate, unfreeze everything and train <see cref="FineTuneOptions.Epochs"/> epochs with
/// discriminative rates spread geometrically from base/lrMult (first group) to base (head), see
/// <see cref="DiscriminativeLr"/>. The trainer's optimizer must have one parameter group per layer group, in the same
/// order (build it from <see cref="DiscriminativeLr.Groups"/>). Differences from fastai: no one-cycle schedule is
/// imposed (set <see cref="Trainer.Scheduler"/> yourself, after this sets the rates), and frozen groups freeze their
/// batch-norm affine parameters too (their running statistics still update in training mode).
/// </summary>
public static class FineTune
{
    /// <summary>Runs the two phases on <paramref name="trainer"/>.</summary>
    public static FineTuneResult Run(Trainer trainer, IReadOnlyList<Module> layerGroups, IDataset train, FineTuneOptions options)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(layerGroups);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        var groups = trainer.Optimizer.ParamGroups;
        if (layerGroups.Count < 2 || groups.Count != layerGroups.Count)
            throw new ArgumentException(
                $"FineTune: need at least two layer groups (backbone…, head) and one optimizer parameter group per layer group; got {layerGroups.Count} layer groups and {groups.Count} parameter groups — build the optimizer from DiscriminativeLr.Groups(layerGroups, ...)");
        if (options.FreezeEpochs < 0 || options.Epochs < 0)
            throw new ArgumentException($"FineTune: epochs must be ≥ 0, got freezeEpochs={options.FreezeEpochs}, epochs={options.Epochs}");

        for (int g = 0; g < layerGroups.Count - 1; g++)
            Heads.Freeze(layerGroups[g]);
        layerGroups[^1].Unfreeze();
        foreach (var group in groups)
            group.Lr = options.BaseLr;
        int start = trainer.CompletedEpochs;
        var frozen = Phase(trainer, train, options.Fit, start, options.FreezeEpochs);

        foreach (var module in layerGroups)
            module.Unfreeze();
        double baseLr = options.HalveBaseLr ? options.BaseLr / 2 : options.BaseLr;
        DiscriminativeLr.Apply(trainer.Optimizer, baseLr, options.LrMult);
        var rates = groups.Select(g => g.Lr).ToArray();
        var unfrozen = Phase(trainer, train, options.Fit, start + options.FreezeEpochs, options.Epochs);
        return new FineTuneResult(frozen, unfrozen, rates);
    }

    private static History Phase(Trainer trainer, IDataset train, FitOptions fit, int firstEpoch, int epochs)
    {
        var history = new History();
        if (epochs == 0)
            return history;
        int recorded = trainer.History.Epochs.Count;
        trainer.Fit(train, fit with { InitialEpoch = firstEpoch, Epochs = firstEpoch + epochs });
        for (int i = recorded; i < trainer.History.Epochs.Count; i++)
        {
            var logs = new Dictionary<string, double>();
            foreach (var (key, values) in trainer.History.Values)
                logs[key] = values[i];
            history.Add(trainer.History.Epochs[i], logs);
        }
        return history;
    }
}
