namespace Nabla.Training.Metrics;

/// <summary>
/// Coefficient of determination per output column j, <c>R²ⱼ = 1 − SS_res / SS_tot</c> with
/// <c>SS_res = Σᵢ wᵢ (yᵢⱼ − ŷᵢⱼ)²</c> and <c>SS_tot = Σᵢ wᵢ (yᵢⱼ − ȳⱼ)²</c> (ȳⱼ the weighted mean), averaged
/// uniformly over columns (scikit-learn's <c>r2_score</c>, multioutput="uniform_average"). As in scikit-learn, a
/// constant target column scores 1 when predicted perfectly and 0 otherwise, and fewer than two samples give NaN.
/// SS_tot is streamed with a weighted Welford update, so batches combine without cancellation error.
/// </summary>
public sealed class R2Score : Metric
{
    private double[] _weight = [];
    private double[] _mean = [];
    private double[] _ssTot = [];
    private double[] _ssRes = [];
    private long _samples;
    private int _columns;
    private float[]? _predictions;
    private float[]? _targets;
    private float[]? _weights;

    /// <summary>Creates the metric (display name "r2").</summary>
    public R2Score(string name = "r2") : base(name)
    {
    }

    /// <inheritdoc/>
    public override void Reset()
    {
        Array.Clear(_weight);
        Array.Clear(_mean);
        Array.Clear(_ssTot);
        Array.Clear(_ssRes);
        _samples = 0;
    }

    /// <inheritdoc/>
    public override void Update(Tensor prediction, Tensor target, Tensor? sampleWeight = null)
    {
        int n = RegressionInputs.Check(Name, prediction, target);
        if (n == 0) return;
        int columns = prediction.Numel / n;
        if (_samples == 0 && columns != _columns)
        {
            _columns = columns;
            _weight = new double[columns];
            _mean = new double[columns];
            _ssTot = new double[columns];
            _ssRes = new double[columns];
        }
        else if (columns != _columns)
            throw new ArgumentException(
                $"{Name}: predictions of shape {ShapeMath.Format(prediction.Shape)} have {columns} outputs per sample but earlier batches had {_columns}; call Reset() between tasks");
        var weights = MetricInputs.Weights(Name, sampleWeight, n, ref _weights);
        var p = MetricInputs.Values(prediction, ref _predictions);
        var t = MetricInputs.Values(target, ref _targets);
        for (int i = 0; i < n; i++)
        {
            double w = MetricInputs.WeightAt(weights, i);
            if (w == 0) continue;
            for (int j = 0; j < columns; j++)
            {
                double y = t[i * columns + j];
                double e = y - p[i * columns + j];
                _ssRes[j] += w * e * e;
                _weight[j] += w;
                double delta = y - _mean[j];
                _mean[j] += w / _weight[j] * delta;
                _ssTot[j] += w * delta * (y - _mean[j]);
            }
        }
        _samples += n;
    }

    /// <inheritdoc/>
    public override double Result()
    {
        if (_samples < 2 || _columns == 0) return double.NaN;
        double sum = 0;
        for (int j = 0; j < _columns; j++)
        {
            if (_ssTot[j] > 0) sum += 1 - _ssRes[j] / _ssTot[j];
            else sum += _ssRes[j] == 0 ? 1 : 0;
        }
        return sum / _columns;
    }
}
