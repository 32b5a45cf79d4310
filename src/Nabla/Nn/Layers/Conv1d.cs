namespace Nabla.Nn;

/// <summary>
/// 1-D convolution: for input [N, C_in, L] and weight [C_out, C_in/groups, k],
/// y[n, o, i] = b[o] + Σ_{c, u} W[o, c, u]·x[n, g(o)·C_in/groups + c, i·s − p + u·d], output length
/// ⌊(L + 2p − d(k − 1) − 1)/s⌋ + 1. PyTorch's default initialization (U(±1/√fan_in)).
/// </summary>
public sealed class Conv1d : Module
{
    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel length.</summary>
    public int KernelSize { get; }

    /// <summary>Stride.</summary>
    public int Stride { get; }

    /// <summary>Zero padding on each side.</summary>
    public int Padding { get; }

    /// <summary>Dilation.</summary>
    public int Dilation { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <summary>The kernels, shape [C_out, C_in/groups, k].</summary>
    public Tensor Weight { get; }

    /// <summary>The bias, shape [C_out], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>Creates the layer.</summary>
    public Conv1d(int inChannels, int outChannels, int kernel, int stride = 1, int padding = 0, int dilation = 1,
                  int groups = 1, bool bias = true, Generator? generator = null)
    {
        ConvArguments.Check("Conv1d", inChannels, outChannels, groups, kernel, 1);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernel;
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        Groups = groups;
        Weight = CreateParameter(outChannels, inChannels / groups, kernel);
        Init.KaimingUniform(Weight, MathF.Sqrt(5f), generator: generator);
        if (bias)
            Bias = ConvArguments.UniformBias(CreateParameter(outChannels), Weight, generator);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        InputCheck.Rank(this, input, $"[N, {InChannels}, L]", 3);
        InputCheck.Size(this, input, 1, InChannels, "input channels (in_channels)");
        return Tensor.Conv1d(input, Weight, Bias, Stride, Padding, Dilation, Groups);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr =>
        $"{InChannels}, {OutChannels}, kernel_size={KernelSize}, stride={Stride}" +
        (Padding != 0 ? $", padding={Padding}" : "") + (Dilation != 1 ? $", dilation={Dilation}" : "") +
        (Groups != 1 ? $", groups={Groups}" : "") + (Bias is null ? ", bias=False" : "");
}
