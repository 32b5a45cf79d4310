namespace Nabla.Training.Callbacks;

/// <summary>
/// Multiplies every parameter group's learning rate by <c>factor</c> (lr ← max(lr·factor, minLr)) when
/// <c>monitor</c> has not improved by more than <c>minDelta</c> for <c>patience</c> epochs, then waits
/// <c>cooldown</c> epochs before counting again. Keras's defaults: val_loss, factor 0.1, patience 10,
/// minDelta 1e-4, cooldown 0, minLr 0.
/// </summary>
public sealed class ReduceLROnPlateau : Callback
{
    private bool _maximize;
    private double _best;
    private int _wait;
    private int _cooldownCounter;
    private bool _seen;

    /// <summary>Creates the callback; factor must be below 1.</summary>
    public ReduceLROnPlateau(string monitor = "val_loss", double factor = 0.1, int patience = 10,
                             MonitorMode mode = MonitorMode.Auto, double minDelta = 1e-4, int cooldown = 0, double minLr = 0)
    {
        if (!(factor < 1.0 && factor >= 0))
            throw new ArgumentException($"ReduceLROnPlateau: factor must be in [0, 1), got {factor}");
        MonitorName = monitor;
        Factor = factor;
        Patience = patience;
        Mode = mode;
        MinDelta = Math.Abs(minDelta);
        Cooldown = cooldown;
        MinLr = minLr;
    }

    /// <summary>The monitored log.</summary>
    public string MonitorName { get; }

    /// <summary>Multiplier applied to the learning rate.</summary>
    public double Factor { get; }

    /// <summary>Epochs without improvement before reducing.</summary>
    public int Patience { get; }

    /// <summary>Direction of improvement.</summary>
    public MonitorMode Mode { get; }

    /// <summary>Smallest change counted as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Epochs to wait after a reduction.</summary>
    public int Cooldown { get; }

    /// <summary>Lower bound of the learning rate.</summary>
    public double MinLr { get; }

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        _maximize = Monitor.Maximize(MonitorName, Mode);
        _best = _maximize ? double.NegativeInfinity : double.PositiveInfinity;
        _wait = 0;
        _cooldownCounter = 0;
        _seen = false;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (Monitor.Value(logs, MonitorName) is not double current)
            return;
        _seen = true;
        bool inCooldown = _cooldownCounter > 0;
        if (inCooldown)
        {
            _cooldownCounter--;
            _wait = 0;
        }
        if (Monitor.Improved(current, _best, MinDelta, _maximize))
        {
            _best = current;
            _wait = 0;
        }
        else if (!inCooldown && ++_wait >= Patience)
        {
            foreach (var group in Trainer.Optimizer.ParamGroups)
                if (group.Lr > MinLr)
                    group.Lr = Math.Max(group.Lr * Factor, MinLr);
            _cooldownCounter = Cooldown;
            _wait = 0;
        }
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs)
    {
        if (!_seen && Trainer.CompletedEpochs > 0)
            throw new InvalidOperationException(Monitor.Missing("ReduceLROnPlateau", MonitorName, Trainer.History.Values.Keys));
    }
}
