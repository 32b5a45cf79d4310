namespace Nabla.Training.Callbacks;

/// <summary>
/// Keeps an exponential moving average of the parameters, updated after every optimizer step:
/// θ̄ ← decay·θ̄ + (1 − decay)·θ (with the warm-up decay min(decay, (1 + t)/(10 + t)) at step t, as TensorFlow's
/// ExponentialMovingAverage with num_updates). At the end of training the averaged weights replace the model's
/// (buffers such as batch-norm statistics are kept). <see cref="SwapIn"/>/<see cref="SwapOut"/> let you evaluate
/// with the average mid-training.
/// </summary>
public sealed class WeightEma(double decay = 0.999, bool warmup = true, bool applyAtEnd = true) : Callback
{
    private List<(Tensor Param, Tensor Average)>? _pairs;
    private Tensor[]? _saved;
    private long _updates;

    /// <summary>The decay rate.</summary>
    public double Decay { get; } = decay is > 0 and < 1 ? decay : throw new ArgumentException($"WeightEma: decay must be in (0, 1), got {decay}");

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        _pairs = [];
        foreach (var p in Trainer.Model.Parameters())
            _pairs.Add((p, p.Detach().CloneUnscoped()));
        _updates = 0;
    }

    /// <inheritdoc/>
    public override void OnBatchEnd(int batch, Logs logs)
    {
        if (_pairs is null)
            return;
        _updates++;
        float d = (float)(warmup ? Math.Min(Decay, (1.0 + _updates) / (10.0 + _updates)) : Decay);
        using (Autograd.NoGrad())
            foreach (var (param, average) in _pairs)
            {
                average.MulInPlace(d);
                average.AddInPlace(param.Detach(), 1f - d);
            }
    }

    /// <summary>Puts the averaged weights into the model, keeping the live ones to restore with <see cref="SwapOut"/>.</summary>
    public void SwapIn()
    {
        if (_pairs is null || _saved is not null)
            return;
        _saved = new Tensor[_pairs.Count];
        using (Autograd.NoGrad())
            for (int i = 0; i < _pairs.Count; i++)
            {
                _saved[i] = _pairs[i].Param.Detach().CloneUnscoped();
                _pairs[i].Param.CopyFrom(_pairs[i].Average);
            }
    }

    /// <summary>Restores the live weights after <see cref="SwapIn"/>.</summary>
    public void SwapOut()
    {
        if (_pairs is null || _saved is null)
            return;
        using (Autograd.NoGrad())
            for (int i = 0; i < _pairs.Count; i++)
                _pairs[i].Param.CopyFrom(_saved[i]);
        _saved = null;
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs)
    {
        if (applyAtEnd)
        {
            SwapIn();
            _saved = null;
        }
    }
}
