namespace Nabla.Training.Metrics;

/// <summary>Mean absolute error, <c>Σ wᵢ · mean_j |ŷᵢⱼ − yᵢⱼ| / Σ wᵢ</c> (Keras "mae").</summary>
public sealed class MeanAbsoluteError : Metric
{
    private readonly ErrorAccumulator _errors = new();

    /// <summary>Creates the metric (display name "mae").</summary>
    public MeanAbsoluteError(string name = "mae") : base(name)
    {
    }

    /// <inheritdoc/>
    public override void Reset() => _errors.Reset();

    /// <inheritdoc/>
    public override void Update(Tensor prediction, Tensor target, Tensor? sampleWeight = null) =>
        _errors.Update(Name, prediction, target, sampleWeight, squared: false);

    /// <inheritdoc/>
    public override double Result() => _errors.Mean;
}
