using Nabla.Training;
using Nabla.Training.Callbacks;

namespace Nabla.Cli.Running;

/// <summary>
/// Writes <c>best.safetensors</c> whenever the monitored log improves (lower is better unless the mode or the
/// name — acc, auc, precision, recall, f1, r2 — says higher), like Keras's ModelCheckpoint with save_best_only.
/// </summary>
public sealed class BestCheckpoint(string path, string monitor, MonitorMode mode, Func<int, ModelFile> snapshot) : Callback
{
    private static readonly string[] HigherIsBetter = ["acc", "auc", "precision", "recall", "f1", "r2"];
    private readonly bool _maximize = mode == MonitorMode.Max ||
        (mode == MonitorMode.Auto && HigherIsBetter.Any(s => monitor.Contains(s, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The best value so far, or null before the first epoch that logged the monitor.</summary>
    public double? Best { get; private set; }

    /// <summary>The epoch of <see cref="Best"/>.</summary>
    public int? BestEpoch { get; private set; }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (logs.Get(monitor) is not double value || double.IsNaN(value))
            return;
        if (Best is double best && (_maximize ? value <= best : value >= best))
            return;
        Best = value;
        BestEpoch = epoch;
        snapshot(epoch + 1).Save(path);
    }
}
