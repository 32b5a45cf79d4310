namespace Nabla.Nn;

/// <summary>
/// 2-D max pooling: y[n, c, i, j] = max over the window at (i·s_h − p_h + u·d_h, j·s_w − p_w + v·d_w); the stride
/// defaults to the kernel size. The gradient flows to the position of each maximum.
/// </summary>
public sealed class MaxPool2d(Size2 kernel, Size2? stride = null, Size2? padding = null, Size2? dilation = null, bool ceilMode = false) : Module
{
    /// <summary>Window size.</summary>
    public Size2 KernelSize { get; } = kernel;

    /// <summary>Stride (default: the kernel size).</summary>
    public Size2 Stride { get; } = stride ?? kernel;

    /// <summary>Implicit −∞ padding on each side.</summary>
    public Size2 Padding { get; } = padding ?? 0;

    /// <summary>Dilation.</summary>
    public Size2 Dilation { get; } = dilation ?? 1;

    /// <summary>Whether the output size rounds up.</summary>
    public bool CeilMode { get; } = ceilMode;

    /// <summary>True for a 2x2 window with stride 2, no padding or dilation and floor rounding (fusable after a ReLU).</summary>
    internal bool IsPlain2x2 =>
        KernelSize.Tuple == (2, 2) && Stride.Tuple == (2, 2) && Padding.Tuple == (0, 0) && Dilation.Tuple == (1, 1) && !CeilMode;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        InputCheck.Rank(this, input, "[N, C, H, W] or [C, H, W]", 3, 4);
        return Tensor.MaxPool2d(input, KernelSize.Tuple, Stride.Tuple, Padding.Tuple, Dilation.Tuple, CeilMode);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr => $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation={Dilation}, ceil_mode={CeilMode}";
}
