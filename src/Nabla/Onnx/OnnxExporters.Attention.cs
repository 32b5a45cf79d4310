using Nabla.Nn;
using Nabla.Nn.Attention;

namespace Nabla.Onnx;

public static partial class OnnxExporters
{
    /// <summary>
    /// Self-attention as MatMul/Softmax nodes: [Q K V] = x·W_inᵀ + b_in split in three, each reshaped to
    /// [N, heads, T, d]; softmax(Q·Kᵀ/√d)·V merged back to [N, T, E] and projected by out_proj. TransformerEncoderLayer
    /// composes it with its LayerNorms, feed-forward Linears (ReLU or GELU) and residual Adds (post- or pre-norm);
    /// TransformerEncoder chains its layers and final norm; the positional encodings add their first T rows.
    /// Dropout is the identity in evaluation mode. Masks are not part of Forward and so not exported.
    /// </summary>
    private static void RegisterAttention()
    {
        Register<MultiHeadAttention>(SelfAttention);
        Register<TransformerEncoderLayer>((context, layer, input) =>
        {
            var x = input;
            if (layer.NormFirst)
            {
                x = Add(context, layer, x, context.Export(layer.SelfAttn, context.Export(layer.Norm1, x)));
                return Add(context, layer, x, FeedForward(context, layer, context.Export(layer.Norm2, x)));
            }
            x = context.Export(layer.Norm1, Add(context, layer, x, context.Export(layer.SelfAttn, x)));
            return context.Export(layer.Norm2, Add(context, layer, x, FeedForward(context, layer, x)));
        });
        Register<TransformerEncoder>((context, encoder, input) =>
        {
            var x = input;
            foreach (var layer in encoder.Layers)
                x = context.Export(layer, x);
            return encoder.Norm is null ? x : context.Export(encoder.Norm, x);
        });
        Register<SinusoidalPositionalEncoding>((context, encoding, input) =>
            PositionalEncoding(context, encoding, input, encoding.Pe, encoding.BatchFirst));
        Register<LearnedPositionalEncoding>((context, encoding, input) =>
            PositionalEncoding(context, encoding, input, encoding.Weight, encoding.BatchFirst));
    }

    private static OnnxValue SelfAttention(OnnxExportContext context, MultiHeadAttention attention, OnnxValue input)
    {
        RequireRank(attention, input, 3, attention.BatchFirst ? "[N, L, E]" : "[L, N, E]");
        int e = attention.EmbedDim, heads = attention.NumHeads, d = e / heads;
        string x = attention.BatchFirst ? input.Name : context.Node(attention, "Transpose", [input.Name], OnnxAttribute.Ints("perm", 1, 0, 2));
        string qkv = context.Node(attention, "MatMul",
            [x, context.Node(attention, "Transpose", [context.Constant(attention, "in_proj_weight", attention.InProjWeight)], OnnxAttribute.Ints("perm", 1, 0))]);
        if (attention.InProjBias is not null)
            qkv = context.Node(attention, "Add", [qkv, context.Constant(attention, "in_proj_bias", attention.InProjBias)]);
        string[] parts = context.Node(attention, "Split", [qkv, context.Int64Constant(attention, "split", e, e, e)], 3, OnnxAttribute.Int("axis", 2));
        string headShape = context.Int64Constant(attention, "head_shape", 0, 0, heads, d);
        string Heads(string t, params long[] perm) =>
            context.Node(attention, "Transpose", [context.Node(attention, "Reshape", [t, headShape])], OnnxAttribute.Ints("perm", perm));
        string q = Heads(parts[0], 0, 2, 1, 3), k = Heads(parts[1], 0, 2, 3, 1), v = Heads(parts[2], 0, 2, 1, 3);
        string scores = context.Node(attention, "Mul", [context.Node(attention, "MatMul", [q, k]), context.Scalar(attention, "scale", 1f / MathF.Sqrt(d))]);
        string weights = context.Node(attention, "Softmax", [scores], OnnxAttribute.Int("axis", -1));
        string merged = context.Node(attention, "Reshape",
            [context.Node(attention, "Transpose", [context.Node(attention, "MatMul", [weights, v])], OnnxAttribute.Ints("perm", 0, 2, 1, 3)),
             context.Int64Constant(attention, "merged_shape", 0, 0, e)]);
        var output = attention.OutProj;
        string y = context.Node(attention, "MatMul",
            [merged, context.Node(attention, "Transpose", [context.Constant(output, "weight", output.Weight)], OnnxAttribute.Ints("perm", 1, 0))]);
        if (output.Bias is not null)
            y = context.Node(attention, "Add", [y, context.Constant(output, "bias", output.Bias)]);
        if (!attention.BatchFirst)
            y = context.Node(attention, "Transpose", [y], OnnxAttribute.Ints("perm", 1, 0, 2));
        return context.Output(attention, input, y);
    }

    private static OnnxValue FeedForward(OnnxExportContext context, TransformerEncoderLayer layer, OnnxValue x)
    {
        var hidden = context.Export(layer.Linear1, x);
        var activated = layer.Activation == TransformerActivation.Gelu
            ? new OnnxValue(GeluNodes(context, layer, hidden.Name, tanh: false), hidden.Sample.Gelu())
            : new OnnxValue(context.Node(layer, "Relu", [hidden.Name]), hidden.Sample.Relu());
        return context.Export(layer.Dropout2, context.Export(layer.Linear2, context.Export(layer.Dropout, activated)));
    }

    private static OnnxValue Add(OnnxExportContext context, Module module, OnnxValue a, OnnxValue b) =>
        new(context.Node(module, "Add", [a.Name, b.Name]), a.Sample + b.Sample);

    /// <summary>x + table[:T] broadcast over the batch; T is the traced sequence length (only the batch is dynamic).</summary>
    private static OnnxValue PositionalEncoding(OnnxExportContext context, Module encoding, OnnxValue input, Tensor table, bool batchFirst)
    {
        RequireRank(encoding, input, 3, batchFirst ? "[N, T, d_model]" : "[T, N, d_model]");
        int steps = input.Shape[batchFirst ? 1 : 0], width = input.Shape[2];
        float[] rows = table.ToArray().AsSpan(0, steps * width).ToArray();
        string constant = batchFirst ? context.Constant(encoding, "table", rows, 1, steps, width) : context.Constant(encoding, "table", rows, steps, 1, width);
        return context.Output(encoding, input, context.Node(encoding, "Add", [input.Name, constant]));
    }
}
