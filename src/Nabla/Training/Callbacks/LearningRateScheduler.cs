namespace Nabla.Training.Callbacks;

/// <summary>
/// Sets the learning rate at the start of each epoch from <c>schedule(epoch, lr)</c> (Keras's
/// LearningRateScheduler). Every parameter group is scaled by the same ratio, so per-group (discriminative) rates
/// keep their proportions.
/// </summary>
public sealed class LearningRateScheduler(Func<int, double, double> schedule) : Callback
{
    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs)
    {
        double current = Trainer.LearningRate;
        double next = schedule(epoch, current);
        if (!double.IsFinite(next) || next < 0)
            throw new InvalidOperationException($"LearningRateScheduler: the schedule returned {next} for epoch {epoch}; a learning rate must be finite and ≥ 0");
        double ratio = current == 0 ? double.NaN : next / current;
        foreach (var g in Trainer.Optimizer.ParamGroups)
            g.Lr = double.IsNaN(ratio) ? next : g.Lr * ratio;
    }
}
