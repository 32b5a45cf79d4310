namespace Nabla.Nn;

/// <summary>Tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ).</summary>
public sealed class Tanh : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Tanh();
}
