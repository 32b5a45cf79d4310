namespace Nabla.Nn;

/// <summary>
/// PReLU(x) = max(0, x) + a·min(0, x) with a learned slope a: one shared (numParameters = 1) or one per channel
/// (dimension 1 of the input). Weight initialized to <c>init</c> (0.25).
/// </summary>
public sealed class PReLU : Module
{
    /// <summary>The learned slopes, shape [numParameters].</summary>
    public Tensor Weight { get; }

    /// <summary>Creates the layer with <paramref name="numParameters"/> slopes set to <paramref name="init"/>.</summary>
    public PReLU(int numParameters = 1, float init = 0.25f)
    {
        if (numParameters <= 0)
            throw new ArgumentException($"PReLU: numParameters must be positive, got {numParameters}");
        Weight = CreateParameter(numParameters);
        Init.Constant(Weight, init);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        if (Weight.Numel > 1 && (input.Rank < 2 || input.Shape[1] != Weight.Numel))
            throw new ArgumentException(
                $"{DisplayName}: {Weight.Numel} slopes need an input with {Weight.Numel} channels in dimension 1, got {ShapeMath.Format(input.Shape)}");
        return Tensor.Prelu(input, Weight);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr => $"num_parameters={Weight.Numel}";
}
