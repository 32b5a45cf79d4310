namespace Nabla.Training.Callbacks;

/// <summary>A callback built from delegates, for one-off hooks (Keras's LambdaCallback); any delegate may be null.</summary>
public sealed class LambdaCallback(
    Action<int, Logs>? onEpochBegin = null, Action<int, Logs>? onEpochEnd = null,
    Action<int, Logs>? onBatchBegin = null, Action<int, Logs>? onBatchEnd = null,
    Action<Logs>? onTrainBegin = null, Action<Logs>? onTrainEnd = null) : Callback
{
    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs) => onTrainBegin?.Invoke(logs);

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs) => onTrainEnd?.Invoke(logs);

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs) => onEpochBegin?.Invoke(epoch, logs);

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs) => onEpochEnd?.Invoke(epoch, logs);

    /// <inheritdoc/>
    public override void OnBatchBegin(int batch, Logs logs) => onBatchBegin?.Invoke(batch, logs);

    /// <inheritdoc/>
    public override void OnBatchEnd(int batch, Logs logs) => onBatchEnd?.Invoke(batch, logs);
}
