namespace Nabla.Nn;

/// <summary>SELU(x) = λ·(max(0, x) + min(0, α(eˣ − 1))), λ ≈ 1.0507, α ≈ 1.6733.</summary>
public sealed class SELU : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Selu();
}
