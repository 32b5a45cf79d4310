namespace Nabla.Nn;

/// <summary>SiLU(x) = x·σ(x) (also called swish).</summary>
public sealed class SiLU : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Silu();
}
