namespace Nabla.Nn;

/// <summary>
/// 2-D convolution (cross-correlation, as PyTorch): for input [N, C_in, H, W] and weight [C_out, C_in/groups, kH, kW],
/// y[n, o, i, j] = b[o] + Σ_{c, u, v} W[o, c, u, v]·x[n, g(o)·C_in/groups + c, i·s_h − p_h + u·d_h, j·s_w − p_w + v·d_w],
/// output size ⌊(H + 2p − d(k − 1) − 1)/s⌋ + 1. Default initialization as PyTorch: W, b ~ U(−1/√fan_in, 1/√fan_in)
/// with fan_in = C_in/groups·kH·kW.
/// </summary>
public sealed class Conv2d : Module
{
    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel size.</summary>
    public Size2 KernelSize { get; }

    /// <summary>Stride.</summary>
    public Size2 Stride { get; }

    /// <summary>Zero padding on each side.</summary>
    public Size2 Padding { get; }

    /// <summary>Dilation (spacing between kernel taps).</summary>
    public Size2 Dilation { get; }

    /// <summary>Number of channel groups (C_in and C_out divisible by it).</summary>
    public int Groups { get; }

    /// <summary>The kernels, shape [C_out, C_in/groups, kH, kW].</summary>
    public Tensor Weight { get; }

    /// <summary>The bias, shape [C_out], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>Creates the layer. <paramref name="kernel"/>, stride, padding and dilation take an int or an (h, w) pair.</summary>
    public Conv2d(int inChannels, int outChannels, Size2 kernel, Size2? stride = null, Size2? padding = null,
                  Size2? dilation = null, int groups = 1, bool bias = true, Generator? generator = null)
    {
        ConvArguments.Check("Conv2d", inChannels, outChannels, groups, kernel.H, kernel.W);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernel;
        Stride = stride ?? 1;
        Padding = padding ?? 0;
        Dilation = dilation ?? 1;
        Groups = groups;
        Weight = CreateParameter(outChannels, inChannels / groups, kernel.H, kernel.W);
        Init.KaimingUniform(Weight, MathF.Sqrt(5f), generator: generator);
        if (bias)
            Bias = ConvArguments.UniformBias(CreateParameter(outChannels), Weight, generator);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        InputCheck.Rank(this, input, $"[N, {InChannels}, H, W]", 3, 4);
        InputCheck.Size(this, input, input.Rank - 3, InChannels, "input channels (in_channels)");
        return Tensor.Conv2d(input, Weight, Bias, Stride.Tuple, Padding.Tuple, Dilation.Tuple, Groups);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr =>
        $"{InChannels}, {OutChannels}, kernel_size={KernelSize}, stride={Stride}" +
        (Padding != 0 ? $", padding={Padding}" : "") + (Dilation != 1 ? $", dilation={Dilation}" : "") +
        (Groups != 1 ? $", groups={Groups}" : "") + (Bias is null ? ", bias=False" : "");
}
