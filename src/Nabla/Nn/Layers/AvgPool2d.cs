namespace Nabla.Nn;

/// <summary>
/// 2-D average pooling: y = (1/D)·Σ over the window, with D the window area (countIncludePad: padding zeros
/// counted) or <c>divisorOverride</c>; the stride defaults to the kernel size.
/// </summary>
public sealed class AvgPool2d(Size2 kernel, Size2? stride = null, Size2? padding = null, bool ceilMode = false,
                              bool countIncludePad = true, int? divisorOverride = null) : Module
{
    /// <summary>Window size.</summary>
    public Size2 KernelSize { get; } = kernel;

    /// <summary>Stride (default: the kernel size).</summary>
    public Size2 Stride { get; } = stride ?? kernel;

    /// <summary>Zero padding on each side.</summary>
    public Size2 Padding { get; } = padding ?? 0;

    /// <summary>Whether the output size rounds up.</summary>
    public bool CeilMode { get; } = ceilMode;

    /// <summary>Whether padding zeros count in the divisor.</summary>
    public bool CountIncludePad { get; } = countIncludePad;

    /// <summary>A fixed divisor, or null.</summary>
    public int? DivisorOverride { get; } = divisorOverride;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        InputCheck.Rank(this, input, "[N, C, H, W] or [C, H, W]", 3, 4);
        return Tensor.AvgPool2d(input, KernelSize.Tuple, Stride.Tuple, Padding.Tuple, CeilMode, CountIncludePad, DivisorOverride);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr => $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}";
}
