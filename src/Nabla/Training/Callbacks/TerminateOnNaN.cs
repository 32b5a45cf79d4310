namespace Nabla.Training.Callbacks;

/// <summary>
/// Stops training at the first batch whose loss is NaN or infinite, and records where: the epoch, the batch and
/// the last finite batch loss (also written to the trainer's progress output as a message).
/// </summary>
public sealed class TerminateOnNaN(TextWriter? output = null) : Callback
{
    private double _lastFinite = double.NaN;

    /// <summary>Why training stopped (epoch, batch, last finite loss), or null if it did not.</summary>
    public string? Message { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        Message = null;
        _lastFinite = double.NaN;
    }

    /// <inheritdoc/>
    public override void OnBatchEnd(int batch, Logs logs)
    {
        double loss = logs.Get("batch_loss") ?? logs.Get("loss") ?? double.NaN;
        if (double.IsFinite(loss))
        {
            _lastFinite = loss;
            return;
        }
        int epoch = Trainer.Progress?.Epoch ?? Trainer.CompletedEpochs;
        Message = $"TerminateOnNaN: invalid loss {loss} at epoch {epoch}, batch {batch}; last finite loss " +
                  (double.IsNaN(_lastFinite) ? "none (the first batch already failed)" : _lastFinite.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)) +
                  ". Try a lower learning rate, gradient clipping, or check the inputs for NaN.";
        (output ?? Console.Error).WriteLine(Message);
        Trainer.StopTraining = true;
    }
}
