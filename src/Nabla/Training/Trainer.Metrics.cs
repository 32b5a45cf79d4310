namespace Nabla.Training;

public partial class Trainer
{
    private double _lossSum;
    private long _lossCount;
    private double _lastLoss;
    private FitState? _fitState;

    /// <summary>Where a running Fit stands, for progress displays (null outside Fit).</summary>
    public FitState? Progress => _fitState;

    private void ResetMetrics()
    {
        _lossSum = 0;
        _lossCount = 0;
        foreach (var m in _metrics)
            m.Reset();
    }

    private void UpdateMetrics(double loss, Tensor output, Tensor targets, Tensor? weights, int count)
    {
        _lastLoss = loss;
        _lossSum += loss * count;
        _lossCount += count;
        foreach (var m in _metrics)
            m.Update(output, targets, weights);
    }

    /// <summary>
    /// The loss and metric values over the batches seen so far in the current epoch (or evaluation), by name. Computed
    /// on demand, because some metrics (ROC AUC) are costly to finish; progress displays call it a few times a second.
    /// </summary>
    public Logs RunningLogs()
    {
        var logs = new Logs { ["loss"] = _lossCount == 0 ? double.NaN : _lossSum / _lossCount };
        foreach (var m in _metrics)
            logs[m.Name] = _lossCount == 0 ? double.NaN : m.Result();
        return logs;
    }
}

/// <summary>Where a running Fit stands: epoch, batch, totals, and the reusable batch logs.</summary>
public sealed class FitState(int epochs, int stepsPerEpoch, bool validates)
{
    /// <summary>The epoch being trained.</summary>
    public int Epoch { get; internal set; }

    /// <summary>Batches finished in this epoch.</summary>
    public int Batch { get; internal set; }

    /// <summary>The last epoch + 1.</summary>
    public int Epochs { get; } = epochs;

    /// <summary>Batches per epoch.</summary>
    public int StepsPerEpoch { get; } = stepsPerEpoch;

    /// <summary>Whether validation data is evaluated.</summary>
    public bool Validates { get; } = validates;

    /// <summary>The logs passed to batch callbacks (reused between batches: copy what you keep).</summary>
    public Logs BatchLogs { get; } = new();
}
