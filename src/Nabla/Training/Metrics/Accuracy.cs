namespace Nabla.Training.Metrics;

/// <summary>
/// Multi-class accuracy: the weighted fraction of samples whose arg-max prediction equals the target class,
/// <c>Σ wᵢ [argmax ŷᵢ = yᵢ] / Σ wᵢ</c> (Keras "accuracy" / sparse categorical accuracy; ties go to the lowest
/// class index, like <c>argmax</c>). Predictions are <c>[N, C]</c> logits or probabilities; for one score per sample
/// use <see cref="BinaryAccuracy"/>.
/// </summary>
public sealed class Accuracy : Metric
{
    private double _correct;
    private double _total;
    private float[]? _predictions;
    private float[]? _targets;
    private float[]? _weights;
    private int[]? _classes;

    /// <summary>Creates the metric (display name "accuracy").</summary>
    public Accuracy(string name = "accuracy") : base(name)
    {
    }

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
        int classes = MetricInputs.RequireMultiClass(Name, prediction, "BinaryAccuracy");
        int n = prediction.Shape[0];
        var weights = MetricInputs.Weights(Name, sampleWeight, n, ref _weights);
        var actual = MetricInputs.Ensure(ref _classes, n);
        MetricInputs.ClassTargets(Name, prediction, target, classes, actual, ref _targets);
        var scores = MetricInputs.Values(prediction, ref _predictions);
        for (int i = 0; i < n; i++)
        {
            float w = MetricInputs.WeightAt(weights, i);
            if (MetricInputs.Argmax(scores.Slice(i * classes, classes)) == actual[i]) _correct += w;
            _total += w;
        }
    }

    /// <inheritdoc/>
    public override double Result() => _total > 0 ? _correct / _total : double.NaN;
}
