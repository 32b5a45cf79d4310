namespace Nabla.Training.Callbacks;

/// <summary>
/// Stochastic weight averaging (Izmailov et al., 2018): from <c>startEpoch</c> on, the parameters at the end of each
/// epoch are averaged, θ̄ ← θ̄ + (θ − θ̄)/(n + 1), optionally with a constant SWA learning rate, and the average
/// replaces the model's weights when training ends. Batch-norm running statistics are not recomputed for the
/// averaged weights; run <see cref="Trainer.RecomputeBatchNorm"/> on training data afterwards, as PyTorch's
/// update_bn.
/// </summary>
public sealed class StochasticWeightAveraging(int startEpoch, double? swaLr = null) : Callback
{
    private List<(Tensor Param, Tensor Average)>? _pairs;
    private int _count;

    /// <summary>Number of epochs averaged.</summary>
    public int AveragedEpochs => _count;

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        _pairs = null;
        _count = 0;
    }

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs)
    {
        if (epoch >= startEpoch && swaLr is double lr)
            Trainer.LearningRate = lr;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (epoch < startEpoch)
            return;
        using (Autograd.NoGrad())
        {
            if (_pairs is null)
            {
                _pairs = [];
                foreach (var p in Trainer.Model.Parameters())
                    _pairs.Add((p, p.Detach().CloneUnscoped()));
            }
            else
                foreach (var (param, average) in _pairs)
                {
                    average.MulInPlace(_count / (_count + 1f));
                    average.AddInPlace(param.Detach(), 1f / (_count + 1));
                }
        }
        _count++;
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs)
    {
        if (_pairs is null)
            return;
        using (Autograd.NoGrad())
            foreach (var (param, average) in _pairs)
                param.CopyFrom(average);
    }
}
