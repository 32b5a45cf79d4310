namespace Nabla.Nn;

/// <summary>Mish(x) = x·tanh(softplus(x)).</summary>
public sealed class Mish : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Mish();
}
