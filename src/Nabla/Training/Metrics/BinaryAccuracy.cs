namespace Nabla.Training.Metrics;

/// <summary>
/// Binary (and multi-label) accuracy: an element is predicted positive when its probability exceeds the threshold,
/// <c>p &gt; t</c> (with <c>fromLogits</c>, <c>σ(z) &gt; t</c>), and is correct when that matches its 0/1 target.
/// Each sample scores the fraction of its elements that are correct, and samples are averaged with their weights:
/// <c>Σ wᵢ accᵢ / Σ wᵢ</c> (Keras "binary_accuracy"). Predictions are <c>[N]</c>, <c>[N, 1]</c> or <c>[N, L]</c>
/// with targets of the same number of elements.
/// </summary>
public sealed class BinaryAccuracy : Metric
{
    private double _correct;
    private double _total;
    private float[]? _predictions;
    private float[]? _targets;
    private float[]? _weights;

    /// <summary>Creates the metric (display name "binary_accuracy").</summary>
    /// <param name="threshold">Probability above which a prediction is positive (0.5).</param>
    /// <param name="fromLogits">Whether predictions are logits (the sigmoid is applied first).</param>
    /// <param name="name">Display name.</param>
    public BinaryAccuracy(double threshold = 0.5, bool fromLogits = false, string name = "binary_accuracy") : base(name)
    {
        if (!(threshold is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), $"{name}: threshold must be in [0, 1], got {threshold}");
        Threshold = threshold;
        FromLogits = fromLogits;
    }

    /// <summary>Probability above which a prediction counts as positive.</summary>
    public double Threshold { get; }

    /// <summary>Whether predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <inheritdoc/>
    public override void Reset()
    {
        _correct = 0;
        _total = 0;
    }

    /// <inheritdoc/>
    public override void Update(Tensor prediction, Tensor target, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        int n = MetricInputs.Samples(Name, prediction);
        if (target.Numel != prediction.Numel || target.Rank == 0 || target.Shape[0] != n)
            throw new ArgumentException(
                $"{Name}: targets of shape {ShapeMath.Format(target.Shape)} do not match predictions of shape {ShapeMath.Format(prediction.Shape)}; pass 0/1 targets with one per prediction");
        var weights = MetricInputs.Weights(Name, sampleWeight, n, ref _weights);
        var p = MetricInputs.Values(prediction, ref _predictions);
        var t = MetricInputs.Values(target, ref _targets);
        if (n == 0) return;
        int per = p.Length / n;
        for (int i = 0; i < n; i++)
        {
            int hits = 0;
            for (int j = i * per; j < (i + 1) * per; j++)
            {
                float y = t[j];
                if (y != 0f && y != 1f)
                    throw new ArgumentException($"{Name}: target {y} at flat index {j} is not 0 or 1");
                double prob = FromLogits ? MetricInputs.Sigmoid(p[j]) : p[j];
                if ((prob > Threshold) == (y == 1f)) hits++;
            }
            float w = MetricInputs.WeightAt(weights, i);
            if (per > 0) _correct += w * (double)hits / per;
            _total += w;
        }
    }

    /// <inheritdoc/>
    public override double Result() => _total > 0 ? _correct / _total : double.NaN;
}
