using Nabla.Data;
using Nabla.Training;

namespace Nabla.Tuning.Progressive;

/// <summary>One phase of progressive resizing: train <paramref name="Epochs"/> epochs on images resized to <paramref name="Height"/>×<paramref name="Width"/>.</summary>
/// <param name="Height">Image height in this phase.</param>
/// <param name="Width">Image width in this phase.</param>
/// <param name="Epochs">Epochs of the phase.</param>
/// <param name="LearningRate">When given, the learning rate set (on every group) at the start of the phase.</param>
public sealed record ResizePhase(int Height, int Width, int Epochs, double? LearningRate = null);

/// <summary>The outcome of one phase.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="Train">The last epoch's training logs.</param>
/// <param name="Validation">Loss and metrics on the validation data at this phase's size and at full size (keys prefixed <c>full_</c>), or empty.</param>
/// <param name="Seconds">Wall-clock seconds of the phase's training.</param>
public sealed record PhaseResult(ResizePhase Phase, IReadOnlyDictionary<string, double> Train, IReadOnlyDictionary<string, double> Validation, double Seconds);

/// <summary>
/// Progressive resizing (fast.ai's DAWNBench recipe; Howard, 2018): train first on downscaled images, where each
/// step is cheaper and the model learns coarse shapes, then continue the same weights at full resolution. It needs
/// a network that accepts any input size, i.e. a convolutional body ending in global pooling
/// (<see cref="Nn.AdaptiveAvgPool2d"/> to a fixed grid) before the classifier.
/// </summary>
/// <remarks>
/// Recipe: (1) build a CNN whose head is <c>AdaptiveAvgPool2d(k) → Flatten → Linear</c>; (2) list the phases from
/// small to full size, e.g. 14×14 for a few epochs then 28×28; (3) <see cref="Run"/> resizes the training (and
/// validation) images per phase with <see cref="ResizedDataset"/> and continues training the same trainer, so the
/// optimizer state and epoch count carry over; (4) compare with the same epoch budget at full size — the small phase
/// costs roughly (h·w)/(H·W) of a full-size epoch.
/// </remarks>
public static class ProgressiveResizing
{
    /// <summary>Trains <paramref name="trainer"/> through <paramref name="phases"/> in order.</summary>
    /// <param name="trainer">The trainer (its model must accept every phase's size).</param>
    /// <param name="train">Training images [C, H, W] at full size.</param>
    /// <param name="validation">Validation images at full size, or null.</param>
    /// <param name="phases">The phases, usually from small to full size.</param>
    /// <param name="options">Fit options (Epochs and InitialEpoch are set per phase; Validation is replaced).</param>
    /// <param name="onPhase">Called after each phase.</param>
    public static IReadOnlyList<PhaseResult> Run(Trainer trainer, IDataset train, IDataset? validation, IReadOnlyList<ResizePhase> phases,
                                                 FitOptions? options = null, Action<PhaseResult>? onPhase = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(phases);
        options ??= new FitOptions();
        var results = new List<PhaseResult>();
        foreach (var phase in phases)
        {
            if (phase.Epochs < 1)
                throw new ArgumentException($"ProgressiveResizing: a phase needs at least one epoch, got {phase.Epochs} at {phase.Height}×{phase.Width}");
            if (phase.LearningRate is double lr)
                trainer.LearningRate = lr;
            var phaseTrain = ResizedDataset.Create(train, phase.Height, phase.Width);
            int first = trainer.CompletedEpochs;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var history = trainer.Fit(phaseTrain, options with { InitialEpoch = first, Epochs = first + phase.Epochs, Validation = null, ValidationSplit = 0 });
            double seconds = clock.Elapsed.TotalSeconds;
            var trainLogs = new Dictionary<string, double>();
            foreach (var (key, values) in history.Values)
                trainLogs[key] = values[^1];
            var validationLogs = new Dictionary<string, double>();
            if (validation is not null)
            {
                foreach (var (key, value) in trainer.Evaluate(ResizedDataset.Create(validation, phase.Height, phase.Width), options.BatchSize))
                    validationLogs[key] = value;
                foreach (var (key, value) in trainer.Evaluate(validation, options.BatchSize))
                    validationLogs["full_" + key] = value;
            }
            var result = new PhaseResult(phase, trainLogs, validationLogs, seconds);
            results.Add(result);
            onPhase?.Invoke(result);
        }
        return results;
    }
}
