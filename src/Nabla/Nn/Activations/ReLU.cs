namespace Nabla.Nn;

/// <summary>ReLU(x) = max(0, x).</summary>
public sealed class ReLU : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Relu();
}
