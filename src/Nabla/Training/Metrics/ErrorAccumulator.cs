namespace Nabla.Training.Metrics;

/// <summary>
/// Streams <c>Σ wᵢ · mean_j f(ŷᵢⱼ − yᵢⱼ) / Σ wᵢ</c> for f = |·| or (·)²: each sample contributes the mean over its
/// outputs, weighted by its sample weight (Keras's reduction for mae/mse).
/// </summary>
internal sealed class ErrorAccumulator
{
    private double _sum;
    private double _weight;
    private float[]? _predictions;
    private float[]? _targets;
    private float[]? _weights;

    public void Reset()
    {
        _sum = 0;
        _weight = 0;
    }

    public double Mean => _weight > 0 ? _sum / _weight : double.NaN;

    public void Update(string metric, Tensor prediction, Tensor target, Tensor? sampleWeight, bool squared)
    {
        int n = RegressionInputs.Check(metric, prediction, target);
        var weights = MetricInputs.Weights(metric, sampleWeight, n, ref _weights);
        var p = MetricInputs.Values(prediction, ref _predictions);
        var t = MetricInputs.Values(target, ref _targets);
        if (n == 0) return;
        int per = p.Length / n;
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = i * per; j < (i + 1) * per; j++)
            {
                double e = (double)p[j] - t[j];
                s += squared ? e * e : Math.Abs(e);
            }
            float w = MetricInputs.WeightAt(weights, i);
            if (per > 0) _sum += w * s / per;
            _weight += w;
        }
    }
}

/// <summary>Shape checks shared by the regression metrics.</summary>
internal static class RegressionInputs
{
    /// <summary>Predictions and targets must have the same number of elements and samples; returns N.</summary>
    public static int Check(string metric, Tensor prediction, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        int n = MetricInputs.Samples(metric, prediction);
        if (target.Numel != prediction.Numel || target.Rank == 0 || target.Shape[0] != n)
            throw new ArgumentException(
                $"{metric}: targets of shape {ShapeMath.Format(target.Shape)} do not match predictions of shape {ShapeMath.Format(prediction.Shape)}; pass one target value per prediction");
        return n;
    }
}
