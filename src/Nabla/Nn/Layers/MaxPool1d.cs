namespace Nabla.Nn;

/// <summary>1-D max pooling over [N, C, L]: y[n, c, i] = max_u x[n, c, i·s − p + u·d]; stride defaults to the kernel size.</summary>
public sealed class MaxPool1d(int kernel, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false) : Module
{
    /// <summary>Window length.</summary>
    public int KernelSize { get; } = kernel;

    /// <summary>Stride (default: the kernel size).</summary>
    public int Stride { get; } = stride ?? kernel;

    /// <summary>Implicit −∞ padding on each side.</summary>
    public int Padding { get; } = padding;

    /// <summary>Dilation.</summary>
    public int Dilation { get; } = dilation;

    /// <summary>Whether the output size rounds up.</summary>
    public bool CeilMode { get; } = ceilMode;

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        InputCheck.Rank(this, input, "[N, C, L] or [C, L]", 2, 3);
        return Tensor.MaxPool1d(input, KernelSize, Stride, Padding, Dilation, CeilMode);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr => $"kernel_size={KernelSize}, stride={Stride}, padding={Padding}, dilation={Dilation}, ceil_mode={CeilMode}";
}
