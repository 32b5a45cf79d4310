namespace Nabla.Nn;

/// <summary>Hardtanh(x) = clamp(x, min, max).</summary>
public sealed class Hardtanh(float minValue = -1f, float maxValue = 1f) : Module
{
    /// <summary>Lower bound.</summary>
    public float MinValue { get; } = minValue;

    /// <summary>Upper bound.</summary>
    public float MaxValue { get; } = maxValue;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Hardtanh(MinValue, MaxValue);

    /// <inheritdoc/>
    protected override string ExtraRepr => $"min_val={MinValue}, max_val={MaxValue}";
}
