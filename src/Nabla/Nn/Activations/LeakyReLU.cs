namespace Nabla.Nn;

/// <summary>LeakyReLU(x) = x for x ≥ 0, negativeSlope·x otherwise.</summary>
public sealed class LeakyReLU(float negativeSlope = 0.01f) : Module
{
    /// <summary>Slope for x &lt; 0.</summary>
    public float NegativeSlope { get; } = negativeSlope;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.LeakyRelu(NegativeSlope);

    /// <inheritdoc/>
    protected override string ExtraRepr => $"negative_slope={NegativeSlope}";
}
