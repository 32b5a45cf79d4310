namespace Nabla.Training.Callbacks;

/// <summary>
/// Stops training when <c>monitor</c> has not improved by more than <c>minDelta</c> for <c>patience</c> epochs
/// (Keras's semantics and defaults: monitor val_loss, minDelta 0, patience 0, mode auto). With a baseline, the wait
/// only resets once the value also beats the baseline. With restoreBestWeights, the weights of the best epoch are
/// put back when stopping. Epochs before startFromEpoch are ignored (warm-up).
/// </summary>
public sealed class EarlyStopping(string monitor = "val_loss", double minDelta = 0, int patience = 0,
                                  MonitorMode mode = MonitorMode.Auto, double? baseline = null,
                                  bool restoreBestWeights = false, int startFromEpoch = 0) : Callback
{
    private readonly double _minDelta = Math.Abs(minDelta);
    private bool _maximize;
    private double _best;
    private int _wait;
    private bool _seen;
    private WeightSnapshot? _bestWeights;

    /// <summary>The monitored log.</summary>
    public string MonitorName { get; } = monitor;

    /// <summary>Epochs without improvement tolerated.</summary>
    public int Patience { get; } = patience;

    /// <summary>The epoch at which training was stopped, or null.</summary>
    public int? StoppedEpoch { get; private set; }

    /// <summary>The epoch with the best monitored value so far.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>The best monitored value so far.</summary>
    public double Best => _best;

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        _maximize = Monitor.Maximize(MonitorName, mode);
        _best = _maximize ? double.NegativeInfinity : double.PositiveInfinity;
        _wait = 0;
        _seen = false;
        _bestWeights = null;
        StoppedEpoch = null;
        BestEpoch = 0;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (Monitor.Value(logs, MonitorName) is not double current || epoch < startFromEpoch)
            return;
        _seen = true;
        if (restoreBestWeights && _bestWeights is null)
            _bestWeights = new WeightSnapshot(Trainer.Model);
        _wait++;
        if (Monitor.Improved(current, _best, _minDelta, _maximize))
        {
            _best = current;
            BestEpoch = epoch;
            if (restoreBestWeights)
                _bestWeights!.Capture(Trainer.Model);
            if (baseline is not double b || Monitor.Improved(current, b, _minDelta, _maximize))
            {
                _wait = 0;
                return;
            }
        }
        if (_wait >= Patience && epoch > 0)
        {
            StoppedEpoch = epoch;
            Trainer.StopTraining = true;
            _bestWeights?.Restore(Trainer.Model);
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs)
    {
        if (!_seen && Trainer.CompletedEpochs > startFromEpoch)
            throw new InvalidOperationException(Monitor.Missing("EarlyStopping", MonitorName, Trainer.History.Values.Keys));
    }
}
