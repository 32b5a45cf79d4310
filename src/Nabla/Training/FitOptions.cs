using Nabla.Data;
using Nabla.Data.Augment;
using Nabla.Training.Callbacks;

namespace Nabla.Training;

/// <summary>
/// Everything <see cref="Trainer.Fit(IDataset, FitOptions)"/> takes besides the training data, with Keras's meaning
/// and defaults (epochs 1, batch size 32, shuffle, validation every epoch).
/// </summary>
public sealed record FitOptions
{
    /// <summary>Index of the last epoch + 1: training runs epochs InitialEpoch … Epochs − 1.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Data evaluated at the end of epochs (logs prefixed val_), or null.</summary>
    public IDataset? Validation { get; init; }

    /// <summary>
    /// Fraction of the training data held out for validation when <see cref="Validation"/> is null: as Keras, the
    /// last samples (before shuffling), or a stratified random split when <see cref="StratifiedSplit"/> is set.
    /// </summary>
    public float ValidationSplit { get; init; }

    /// <summary>Make the validation split keep the class proportions (needs an <see cref="ILabeledDataset"/>).</summary>
    public bool StratifiedSplit { get; init; }

    /// <summary>Visit the training samples in a new seeded order each epoch.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Weight of each class in the loss (class index → weight), e.g. from ClassWeights.Balanced.</summary>
    public IReadOnlyDictionary<int, float>? ClassWeight { get; init; }

    /// <summary>Weight of each training sample in the loss (indexed like the training dataset).</summary>
    public float[]? SampleWeight { get; init; }

    /// <summary>Epoch to start from; null continues after the trainer's completed epochs (0 for a new trainer, the checkpoint's epoch after a resume).</summary>
    public int? InitialEpoch { get; init; }

    /// <summary>Batches per epoch; null runs through the data once per epoch.</summary>
    public int? StepsPerEpoch { get; init; }

    /// <summary>Validate every this many epochs.</summary>
    public int ValidationFreq { get; init; } = 1;

    /// <summary>Callbacks, called in order.</summary>
    public IReadOnlyList<Callback> Callbacks { get; init; } = [];

    /// <summary>0 silent, 1 a progress bar (plain lines when output is redirected or CI=true), 2 one line per epoch.</summary>
    public int Verbose { get; init; } = 1;

    /// <summary>Where progress is written; null means the console.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>Seed of the shuffling, augmentation and validation split; null uses the trainer's seed.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Per-sample augmentation of the training inputs (run on the loader's workers).</summary>
    public IAugmentation? Augmentation { get; init; }

    /// <summary>Batch-level transform of the training batches (MixUp, CutMix).</summary>
    public IBatchTransform? BatchTransform { get; init; }

    /// <summary>Background threads preparing training batches.</summary>
    public int Workers { get; init; }

    /// <summary>Drop the last incomplete training batch.</summary>
    public bool DropLast { get; init; }
}
