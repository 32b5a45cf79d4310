namespace Nabla.Nn;

/// <summary>ELU(x) = x for x > 0, α(eˣ − 1) otherwise.</summary>
public sealed class ELU(float alpha = 1f) : Module
{
    /// <summary>α, the saturation value for large negative inputs.</summary>
    public float Alpha { get; } = alpha;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Elu(Alpha);

    /// <inheritdoc/>
    protected override string ExtraRepr => $"alpha={Alpha}";
}
