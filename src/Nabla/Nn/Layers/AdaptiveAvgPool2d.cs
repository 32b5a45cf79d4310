namespace Nabla.Nn;

/// <summary>
/// Adaptive average pooling to a fixed output size: output cell (i, j) averages input rows ⌊iH/h⌋ … ⌈(i+1)H/h⌉ − 1
/// and the columns likewise. AdaptiveAvgPool2d(1) is global average pooling.
/// </summary>
public sealed class AdaptiveAvgPool2d(Size2 outputSize) : Module
{
    /// <summary>The output height and width.</summary>
    public Size2 OutputSize { get; } = outputSize;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        InputCheck.Rank(this, input, "[N, C, H, W] or [C, H, W]", 3, 4);
        return Tensor.AdaptiveAvgPool2d(input, OutputSize.Tuple);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr => $"output_size={OutputSize}";
}
