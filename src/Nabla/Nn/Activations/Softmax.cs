namespace Nabla.Nn;

/// <summary>Softmax(x)ᵢ = e^(xᵢ) / Σⱼ e^(xⱼ) along dimension dim.</summary>
public sealed class Softmax(int dim = -1) : Module
{
    /// <summary>The dimension normalized to sum 1.</summary>
    public int Dim { get; } = dim;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Softmax(Dim);

    /// <inheritdoc/>
    protected override string ExtraRepr => $"dim={Dim}";
}
