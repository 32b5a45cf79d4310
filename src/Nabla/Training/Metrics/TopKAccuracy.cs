namespace Nabla.Training.Metrics;

/// <summary>
/// Top-k accuracy: the weighted fraction of samples whose target class is among the k highest scores,
/// <c>Σ wᵢ [#{c : ŷᵢc &gt; ŷᵢyᵢ} &lt; k] / Σ wᵢ</c>. Classes tied with the target's score never push it out
/// (TensorFlow's <c>in_top_k</c> rule: tied classes straddling the boundary all count as in the top k).
/// Predictions are <c>[N, C]</c>; when k ≥ C every sample counts as correct.
/// </summary>
public sealed class TopKAccuracy : Metric
{
    private double _correct;
    private double _total;
    private float[]? _predictions;
    private float[]? _targets;
    private float[]? _weights;
    private int[]? _classes;

    /// <summary>Creates the metric for <paramref name="k"/> (display name "top_{k}_accuracy").</summary>
    public TopKAccuracy(int k = 5, string? name = null) : base(name ?? $"top_{k}_accuracy")
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), $"top_k_accuracy: k must be at least 1, got {k}");
        K = k;
    }

    /// <summary>How many of the highest-scoring classes count as a hit.</summary>
    public int K { get; }

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
            var row = scores.Slice(i * classes, classes);
            float own = row[actual[i]];
            int above = 0;
            for (int c = 0; c < classes; c++)
                if (row[c] > own) above++;
            float w = MetricInputs.WeightAt(weights, i);
            if (above < K) _correct += w;
            _total += w;
        }
    }

    /// <inheritdoc/>
    public override double Result() => _total > 0 ? _correct / _total : double.NaN;
}
