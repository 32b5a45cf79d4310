namespace Nabla.Training.Callbacks;

/// <summary>
/// A hook into <see cref="Trainer.Fit(Nabla.Data.IDataset, FitOptions)"/>, with Keras's events. Batch events get the
/// running loss and metrics of the epoch so far; epoch-end logs hold the epoch's values, the val_ values when the
/// epoch was validated, and <c>lr</c>. Set <see cref="Trainer.StopTraining"/> to end training after the epoch.
/// </summary>
public abstract class Callback
{
    /// <summary>The trainer running this callback (set before <see cref="OnTrainBegin"/>).</summary>
    public Trainer Trainer { get; internal set; } = null!;

    /// <summary>Before the first epoch.</summary>
    public virtual void OnTrainBegin(Logs logs) { }

    /// <summary>After the last epoch (also after an early stop).</summary>
    public virtual void OnTrainEnd(Logs logs) { }

    /// <summary>Before each epoch.</summary>
    public virtual void OnEpochBegin(int epoch, Logs logs) { }

    /// <summary>After each epoch, with its final logs.</summary>
    public virtual void OnEpochEnd(int epoch, Logs logs) { }

    /// <summary>Before each training batch.</summary>
    public virtual void OnBatchBegin(int batch, Logs logs) { }

    /// <summary>
    /// After the backward pass of each training batch, before the optimizer step (and its clipping): the batch's
    /// gradients are in the parameters' <see cref="Tensor.Grad"/> (PyTorch Lightning's on_after_backward).
    /// </summary>
    public virtual void OnAfterBackward(int batch, Logs logs) { }

    /// <summary>After each training batch.</summary>
    public virtual void OnBatchEnd(int batch, Logs logs) { }
}
