namespace Nabla.Training.Metrics;

/// <summary>
/// Root mean squared error over everything seen, <c>√(Σ wᵢ · mean_j (ŷᵢⱼ − yᵢⱼ)² / Σ wᵢ)</c> (Keras "rmse"; the
/// square root of the streamed MSE, not the mean of per-batch RMSEs).
/// </summary>
public sealed class RootMeanSquaredError : Metric
{
    private readonly ErrorAccumulator _errors = new();

    /// <summary>Creates the metric (display name "rmse").</summary>
    public RootMeanSquaredError(string name = "rmse") : base(name)
    {
    }

    /// <inheritdoc/>
    public override void Reset() => _errors.Reset();

    /// <inheritdoc/>
    public override void Update(Tensor prediction, Tensor target, Tensor? sampleWeight = null) =>
        _errors.Update(Name, prediction, target, sampleWeight, squared: true);

    /// <inheritdoc/>
    public override double Result() => Math.Sqrt(_errors.Mean);
}
