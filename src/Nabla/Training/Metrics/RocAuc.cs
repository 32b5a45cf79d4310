namespace Nabla.Training.Metrics;

/// <summary>
/// Area under the ROC curve, computed exactly (scikit-learn's <c>roc_auc_score</c>): every score is kept, sorted,
/// and the weighted true-positive rate is integrated over the false-positive rate with the trapezoidal rule, one
/// point per distinct score, so tied scores earn half credit. Equivalently, the weighted probability that a
/// random positive scores above a random negative (ties count ½):
/// <c>AUC = Σ_{i pos, j neg} wᵢ wⱼ ([sᵢ &gt; sⱼ] + ½[sᵢ = sⱼ]) / (Σ_pos wᵢ · Σ_neg wⱼ)</c>.
/// Binary: predictions <c>[N]</c> or <c>[N, 1]</c> (probabilities or logits — the ranking is the same) with 0/1
/// targets. Multi-class: <c>[N, C]</c> probabilities (or logits with <c>fromLogits</c>, softmax-ed per row) and
/// class-index or one-hot targets; the result is the one-vs-rest macro average over classes.
/// When a class has no positive or no negative sample the AUC is undefined and the result is <see cref="double.NaN"/>
/// (scikit-learn raises an error instead). Memory grows with the number of samples seen since <see cref="Reset"/>.
/// Keras's AUC metric instead approximates the curve with 200 fixed thresholds, so its values can differ slightly.
/// </summary>
public sealed class RocAuc : Metric
{
    private float[] _scores = [];
    private int[] _labels = [];
    private float[] _sampleWeights = [];
    private int _samples;
    private int _columns;
    private float[]? _predictions;
    private float[]? _targets;
    private float[]? _weights;
    private int[]? _batchLabels;
    private float[]? _sortKeys;
    private int[]? _order;

    /// <summary>Creates the metric (display name "auc").</summary>
    /// <param name="fromLogits">For multi-class predictions: apply a softmax per row before ranking.</param>
    /// <param name="name">Display name.</param>
    public RocAuc(bool fromLogits = false, string name = "auc") : base(name) => FromLogits = fromLogits;

    /// <summary>Whether multi-class predictions are logits.</summary>
    public bool FromLogits { get; }

    /// <inheritdoc/>
    public override void Reset() => _samples = 0;

    /// <inheritdoc/>
    public override void Update(Tensor prediction, Tensor target, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        int n = MetricInputs.Samples(Name, prediction);
        bool binary = MetricInputs.IsColumn(prediction, n);
        if (!binary && (prediction.Rank != 2 || prediction.Shape[1] < 2))
            throw new ArgumentException(
                $"{Name}: predictions of shape {ShapeMath.Format(prediction.Shape)} are neither [N, C] class scores nor [N] / [N, 1] binary scores");
        int columns = binary ? 1 : prediction.Shape[1];
        if (_samples > 0 && columns != _columns)
            throw new ArgumentException(
                $"{Name}: predictions of shape {ShapeMath.Format(prediction.Shape)} have {columns} score columns but earlier batches had {_columns}; call Reset() between tasks");
        _columns = columns;

        var weights = MetricInputs.Weights(Name, sampleWeight, n, ref _weights);
        var labels = MetricInputs.Ensure(ref _batchLabels, n);
        MetricInputs.ClassTargets(Name, prediction, target, binary ? 2 : columns, labels, ref _targets);
        var scores = MetricInputs.Values(prediction, ref _predictions);
        for (int k = 0; k < scores.Length; k++)
        {
            if (float.IsNaN(scores[k]))
                throw new ArgumentException($"{Name}: prediction at flat index {k} is NaN; AUC needs comparable scores");
        }

        Grow(_samples + n);
        scores.CopyTo(_scores.AsSpan(_samples * columns));
        if (FromLogits && !binary)
            for (int i = 0; i < n; i++) SoftmaxInPlace(_scores.AsSpan((_samples + i) * columns, columns));
        labels.CopyTo(_labels.AsSpan(_samples));
        for (int i = 0; i < n; i++) _sampleWeights[_samples + i] = MetricInputs.WeightAt(weights, i);
        _samples += n;
    }

    /// <inheritdoc/>
    public override double Result()
    {
        if (_samples == 0) return double.NaN;
        if (_columns == 1) return BinaryAuc(0, positiveClass: 1);
        double sum = 0;
        for (int c = 0; c < _columns; c++) sum += BinaryAuc(c, positiveClass: c);
        return sum / _columns;
    }

    /// <summary>AUC of score column <paramref name="column"/> for "label == positiveClass" against the rest.</summary>
    private double BinaryAuc(int column, int positiveClass)
    {
        int n = _samples;
        var keys = MetricInputs.Ensure(ref _sortKeys, n);
        var order = MetricInputs.Ensure(ref _order, n);
        for (int i = 0; i < n; i++)
        {
            keys[i] = -_scores[i * _columns + column];
            order[i] = i;
        }
        keys.Sort(order);

        double tp = 0, fp = 0, area = 0;
        for (int start = 0; start < n;)
        {
            double tpGroup = 0, fpGroup = 0;
            int end = start;
            while (end < n && keys[end] == keys[start])
            {
                int i = order[end];
                if (_labels[i] == positiveClass) tpGroup += _sampleWeights[i];
                else fpGroup += _sampleWeights[i];
                end++;
            }
            area += fpGroup * (tp + tpGroup * 0.5);
            tp += tpGroup;
            fp += fpGroup;
            start = end;
        }
        return tp > 0 && fp > 0 ? area / (tp * fp) : double.NaN;
    }

    private void Grow(int samples)
    {
        if (_labels.Length >= samples && _scores.Length >= samples * _columns) return;
        int capacity = Math.Max(samples, _labels.Length * 2);
        Array.Resize(ref _scores, capacity * _columns);
        Array.Resize(ref _labels, capacity);
        Array.Resize(ref _sampleWeights, capacity);
    }

    private static void SoftmaxInPlace(Span<float> row)
    {
        float max = float.NegativeInfinity;
        foreach (float v in row) max = Math.Max(max, v);
        double sum = 0;
        for (int j = 0; j < row.Length; j++) sum += Math.Exp(row[j] - max);
        for (int j = 0; j < row.Length; j++) row[j] = (float)(Math.Exp(row[j] - max) / sum);
    }
}
