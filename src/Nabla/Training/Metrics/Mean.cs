namespace Nabla.Training.Metrics;

/// <summary>
/// The weighted mean of the values it is given: <c>Σ wᵢ vᵢ / Σ wᵢ</c>. The trainer tracks the loss with it,
/// weighting each batch's mean loss by its number of samples (<c>Update(loss, batchSize)</c>), which gives the
/// per-sample mean over the epoch even when the last batch is smaller (Keras's loss tracker does the same).
/// </summary>
public sealed class Mean : Metric
{
    private double _sum;
    private double _weight;
    private float[]? _values;
    private float[]? _weights;

    /// <summary>Creates a mean shown under <paramref name="name"/> (Keras: "mean"; the trainer uses "loss").</summary>
    public Mean(string name = "mean") : base(name)
    {
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        _sum = 0;
        _weight = 0;
    }

    /// <summary>Adds one value with the given weight (for a batch mean, the weight is the batch size).</summary>
    public void Update(double value, double weight = 1)
    {
        if (!(weight >= 0) || double.IsPositiveInfinity(weight))
            throw new ArgumentException($"{Name}: weight {weight} must be finite and non-negative", nameof(weight));
        _sum += value * weight;
        _weight += weight;
    }

    /// <summary>
    /// Adds the elements of <paramref name="prediction"/> (per-sample values, <paramref name="target"/> is ignored):
    /// each sample contributes the mean of its elements with its weight. A scalar counts as one sample.
    /// </summary>
    public override void Update(Tensor prediction, Tensor target, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var values = MetricInputs.Values(prediction, ref _values);
        int n = prediction.Rank == 0 ? 1 : prediction.Shape[0];
        var weights = prediction.Rank == 0 && sampleWeight is { Numel: 1 }
            ? MetricInputs.Values(sampleWeight, ref _weights)
            : MetricInputs.Weights(Name, sampleWeight, n, ref _weights);
        if (n == 0) return;
        int per = values.Length / n;
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            var row = values.Slice(i * per, per);
            for (int j = 0; j < row.Length; j++) s += row[j];
            Update(per == 0 ? 0 : s / per, MetricInputs.WeightAt(weights, i));
        }
    }

    /// <inheritdoc/>
    public override double Result() => _weight > 0 ? _sum / _weight : double.NaN;
}
