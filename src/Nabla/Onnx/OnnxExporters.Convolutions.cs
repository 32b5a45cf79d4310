using Nabla.Nn;

namespace Nabla.Onnx;

public static partial class OnnxExporters
{
    /// <summary>
    /// Conv1d, Conv2d → Conv and ConvTranspose2d → ConvTranspose, with kernel_shape, strides, symmetric pads
    /// (begin values then end values), dilations, group and, for the transposed form, output_padding. ONNX keeps
    /// PyTorch's weight layouts ([C_out, C_in/g, k…] and [C_in, C_out/g, k…]).
    /// </summary>
    private static void RegisterConvolutions()
    {
        Register<Conv1d>((context, conv, input) =>
        {
            RequireRank(conv, input, 3, "[N, C, L]");
            return Convolution(context, conv, input, "Conv", conv.Weight, conv.Bias, conv.Groups,
                OnnxAttribute.Ints("kernel_shape", conv.KernelSize),
                OnnxAttribute.Ints("strides", conv.Stride),
                OnnxAttribute.Ints("pads", conv.Padding, conv.Padding),
                OnnxAttribute.Ints("dilations", conv.Dilation));
        });
        Register<Conv2d>((context, conv, input) =>
        {
            RequireRank(conv, input, 4, "[N, C, H, W]");
            return Convolution(context, conv, input, "Conv", conv.Weight, conv.Bias, conv.Groups,
                Pair("kernel_shape", conv.KernelSize), Pair("strides", conv.Stride), Pads(conv.Padding), Pair("dilations", conv.Dilation));
        });
        Register<ConvTranspose2d>((context, conv, input) =>
        {
            RequireRank(conv, input, 4, "[N, C, H, W]");
            return Convolution(context, conv, input, "ConvTranspose", conv.Weight, conv.Bias, conv.Groups,
                Pair("kernel_shape", conv.KernelSize), Pair("strides", conv.Stride), Pads(conv.Padding),
                Pair("output_padding", conv.OutputPadding), Pair("dilations", conv.Dilation));
        });
    }

    private static OnnxValue Convolution(OnnxExportContext context, Module conv, OnnxValue input, string opType, Tensor weight, Tensor? bias,
                                         int groups, params OnnxAttribute[] attributes)
    {
        string w = context.Constant(conv, "weight", weight);
        string[] inputs = bias is null ? [input.Name, w] : [input.Name, w, context.Constant(conv, "bias", bias)];
        return context.Output(conv, input, context.Node(conv, opType, inputs, [.. attributes, OnnxAttribute.Int("group", groups)]));
    }

    /// <summary>A (height, width) attribute.</summary>
    private static OnnxAttribute Pair(string name, Size2 size) => OnnxAttribute.Ints(name, size.H, size.W);

    /// <summary>ONNX pads: [h_begin, w_begin, h_end, w_end].</summary>
    private static OnnxAttribute Pads(Size2 padding) => OnnxAttribute.Ints("pads", padding.H, padding.W, padding.H, padding.W);

    /// <summary>The exported graph has a batch dimension first: unbatched inputs cannot be exported.</summary>
    private static void RequireRank(Module module, OnnxValue input, int rank, string expected)
    {
        if (input.Rank != rank)
            throw OnnxExportContext.Unsupported(module, $"it is exported for batched input {expected} (the first dimension is the dynamic batch), got an input of shape {ShapeMath.Format(input.Shape)}");
    }
}
