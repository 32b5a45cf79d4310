namespace Nabla.Training.Metrics;

/// <summary>Mean squared error, <c>Σ wᵢ · mean_j (ŷᵢⱼ − yᵢⱼ)² / Σ wᵢ</c> (Keras "mse").</summary>
public sealed class MeanSquaredError : Metric
{
    private readonly ErrorAccumulator _errors = new();

    /// <summary>Creates the metric (display name "mse").</summary>
    public MeanSquaredError(string name = "mse") : base(name)
    {
    }

    /// <inheritdoc/>
    public override void Reset() => _errors.Reset();

    /// <inheritdoc/>
    public override void Update(Tensor prediction, Tensor target, Tensor? sampleWeight = null) =>
        _errors.Update(Name, prediction, target, sampleWeight, squared: true);

    /// <inheritdoc/>
    public override double Result() => _errors.Mean;
}
