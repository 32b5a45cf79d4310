using Nabla.Training;
using Nabla.Training.Callbacks;

namespace Nabla.Cli.Running;

/// <summary>
/// Stops training after the current batch once <paramref name="token"/> is cancelled (Ctrl+C), by setting
/// <see cref="Trainer.StopTraining"/>, and remembers that it did so the run can save a checkpoint and exit with 130.
/// </summary>
public sealed class InterruptCallback(CancellationToken token) : Callback
{
    /// <summary>Whether training was stopped by the token.</summary>
    public bool Interrupted { get; private set; }

    /// <inheritdoc/>
    public override void OnBatchEnd(int batch, Logs logs) => Check();

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs) => Check();

    private void Check()
    {
        if (token.IsCancellationRequested)
        {
            Interrupted = true;
            Trainer.StopTraining = true;
        }
    }
}
