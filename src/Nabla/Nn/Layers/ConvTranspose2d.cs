namespace Nabla.Nn;

/// <summary>
/// 2-D transposed convolution (the gradient of Conv2d with respect to its input), weight [C_in, C_out/groups, kH, kW]:
/// each input pixel scatters W-weighted copies into the output, output size
/// (H − 1)·s − 2p + d(k − 1) + outputPadding + 1. PyTorch's default initialization (U(±1/√fan_in) with
/// fan_in = C_out/groups·kH·kW, from the weight's dimension 1).
/// </summary>
public sealed class ConvTranspose2d : Module
{
    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel size.</summary>
    public Size2 KernelSize { get; }

    /// <summary>Stride.</summary>
    public Size2 Stride { get; }

    /// <summary>Padding removed from each side of the output.</summary>
    public Size2 Padding { get; }

    /// <summary>Extra size added to one side of the output.</summary>
    public Size2 OutputPadding { get; }

    /// <summary>Dilation.</summary>
    public Size2 Dilation { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <summary>The kernels, shape [C_in, C_out/groups, kH, kW].</summary>
    public Tensor Weight { get; }

    /// <summary>The bias, shape [C_out], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>Creates the layer.</summary>
    public ConvTranspose2d(int inChannels, int outChannels, Size2 kernel, Size2? stride = null, Size2? padding = null,
                           Size2? outputPadding = null, int groups = 1, bool bias = true, Size2? dilation = null,
                           Generator? generator = null)
    {
        ConvArguments.Check("ConvTranspose2d", inChannels, outChannels, groups, kernel.H, kernel.W);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernel;
        Stride = stride ?? 1;
        Padding = padding ?? 0;
        OutputPadding = outputPadding ?? 0;
        Dilation = dilation ?? 1;
        Groups = groups;
        Weight = CreateParameter(inChannels, outChannels / groups, kernel.H, kernel.W);
        Init.KaimingUniform(Weight, MathF.Sqrt(5f), generator: generator);
        if (bias)
            Bias = ConvArguments.UniformBias(CreateParameter(outChannels), Weight, generator);
    }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input)
    {
        InputCheck.Rank(this, input, $"[N, {InChannels}, H, W]", 3, 4);
        InputCheck.Size(this, input, input.Rank - 3, InChannels, "input channels (in_channels)");
        return Tensor.ConvTranspose2d(input, Weight, Bias, Stride.Tuple, Padding.Tuple, OutputPadding.Tuple, Dilation.Tuple, Groups);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr =>
        $"{InChannels}, {OutChannels}, kernel_size={KernelSize}, stride={Stride}" +
        (Padding != 0 ? $", padding={Padding}" : "") + (OutputPadding != 0 ? $", output_padding={OutputPadding}" : "") +
        (Groups != 1 ? $", groups={Groups}" : "") + (Bias is null ? ", bias=False" : "");
}
