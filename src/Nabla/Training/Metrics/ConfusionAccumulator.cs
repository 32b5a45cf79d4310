namespace Nabla.Training.Metrics;

/// <summary>
/// Streams a confusion matrix (rows: true class, columns: predicted class), weighted and unweighted, from
/// <c>[N, C]</c> class scores (arg-max) or <c>[N]</c> / <c>[N, 1]</c> binary scores (positive when above the
/// threshold). The number of classes is fixed by the first batch.
/// </summary>
internal sealed class ConfusionAccumulator
{
    private double[] _weighted = [];
    private long[] _counts = [];
    private float[]? _predictions;
    private float[]? _targets;
    private float[]? _weights;
    private int[]? _actual;

    public ConfusionAccumulator(double threshold, bool fromLogits)
    {
        if (!(threshold is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), $"threshold must be in [0, 1], got {threshold}");
        Threshold = threshold;
        FromLogits = fromLogits;
    }

    public double Threshold { get; }

    public bool FromLogits { get; }

    /// <summary>Number of classes (0 before the first batch).</summary>
    public int Classes { get; private set; }

    /// <summary>Whether any sample has been accumulated.</summary>
    public bool HasData { get; private set; }

    public void Reset()
    {
        Array.Clear(_weighted);
        Array.Clear(_counts);
        HasData = false;
    }

    /// <summary>
    /// The number of classes <paramref name="prediction"/> describes: C for <c>[N, C]</c> scores, 2 for
    /// <c>[N]</c> / <c>[N, 1]</c> binary scores; other shapes are rejected.
    /// </summary>
    public static int ClassesOf(string metric, Tensor prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        int n = MetricInputs.Samples(metric, prediction);
        if (MetricInputs.IsColumn(prediction, n)) return 2;
        if (prediction.Rank != 2 || prediction.Shape[1] < 2)
            throw new ArgumentException(
                $"{metric}: predictions of shape {ShapeMath.Format(prediction.Shape)} are neither [N, C] class scores nor [N] / [N, 1] binary scores");
        return prediction.Shape[1];
    }

    public void Update(string metric, Tensor prediction, Tensor target, Tensor? sampleWeight)
    {
        ArgumentNullException.ThrowIfNull(target);
        int classes = ClassesOf(metric, prediction);
        int n = prediction.Shape[0];
        bool binary = MetricInputs.IsColumn(prediction, n);
        if (Classes == 0)
        {
            Classes = classes;
            _weighted = new double[classes * classes];
            _counts = new long[classes * classes];
        }
        else if (classes != Classes)
            throw new ArgumentException(
                $"{metric}: predictions of shape {ShapeMath.Format(prediction.Shape)} have {classes} classes but earlier batches had {Classes}; call Reset() between tasks");

        var weights = MetricInputs.Weights(metric, sampleWeight, n, ref _weights);
        var actual = MetricInputs.Ensure(ref _actual, n);
        MetricInputs.ClassTargets(metric, prediction, target, classes, actual, ref _targets);
        var scores = MetricInputs.Values(prediction, ref _predictions);
        for (int i = 0; i < n; i++)
        {
            int predicted = binary
                ? (FromLogits ? MetricInputs.Sigmoid(scores[i]) : scores[i]) > Threshold ? 1 : 0
                : MetricInputs.Argmax(scores.Slice(i * classes, classes));
            int cell = actual[i] * classes + predicted;
            _weighted[cell] += MetricInputs.WeightAt(weights, i);
            _counts[cell]++;
        }
        if (n > 0) HasData = true;
    }

    /// <summary>Weighted count of samples of true class <paramref name="t"/> predicted as <paramref name="p"/>.</summary>
    public double Weighted(int t, int p) => _weighted[t * Classes + p];

    /// <summary>Unweighted count of samples of true class <paramref name="t"/> predicted as <paramref name="p"/>.</summary>
    public long Count(int t, int p) => _counts[t * Classes + p];

    public double TruePositives(int c) => Weighted(c, c);

    public double FalsePositives(int c)
    {
        double s = 0;
        for (int t = 0; t < Classes; t++)
            if (t != c) s += Weighted(t, c);
        return s;
    }

    public double FalseNegatives(int c)
    {
        double s = 0;
        for (int p = 0; p < Classes; p++)
            if (p != c) s += Weighted(c, p);
        return s;
    }

    /// <summary>Whether class <paramref name="c"/> occurred as a target or a prediction (regardless of weights).</summary>
    public bool Occurred(int c)
    {
        for (int k = 0; k < Classes; k++)
            if (Count(c, k) > 0 || Count(k, c) > 0) return true;
        return false;
    }
}
