namespace Nabla.Nn;

/// <summary>y = x. A placeholder, e.g. for a removed classifier head in transfer learning.</summary>
public sealed class Identity : Module
{
    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input;
}
