namespace Nabla.Nn;

/// <summary>GELU(x) = x·Φ(x) = x/2·(1 + erf(x/√2)); with the tanh approximation x/2·(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
public sealed class GELU(bool tanhApproximation = false) : Module
{
    /// <summary>Whether the tanh approximation is used (PyTorch's approximate='tanh').</summary>
    public bool TanhApproximation { get; } = tanhApproximation;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => input.Gelu(TanhApproximation);

    /// <inheritdoc/>
    protected override string ExtraRepr => TanhApproximation ? "approximate='tanh'" : "";
}
