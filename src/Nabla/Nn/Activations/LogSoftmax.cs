namespace Nabla.Nn;

/// <summary>LogSoftmax(x)ᵢ = xᵢ − log Σⱼ e^(xⱼ) along dimension dim.</summary>
public sealed class LogSoftmax(int dim = -1) : Module
{
    /// <summary>The dimension normalized.</summary>
    public int Dim { get; } = dim;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.LogSoftmax(Dim);

    /// <inheritdoc/>
    protected override string ExtraRepr => $"dim={Dim}";
}
