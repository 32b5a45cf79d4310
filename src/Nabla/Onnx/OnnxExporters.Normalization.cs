using Nabla.Nn;

namespace Nabla.Onnx;

public static partial class OnnxExporters
{
    /// <summary>
    /// BatchNorm1d/2d → BatchNormalization in inference form, y = (x − running_mean)/√(running_var + ε)·γ + β.
    /// LayerNorm → LayerNormalization over the last k axes (opset ≥ 17). GroupNorm → Reshape to [N, G, −1],
    /// InstanceNormalization (unit scale, zero bias), Reshape back, then ·γ_c + β_c per channel: the same formula in
    /// every opset, avoiding GroupNormalization, whose scale/bias changed from per-group (opset 18) to per-channel (21).
    /// </summary>
    private static void RegisterNormalization()
    {
        Register<BatchNorm>((context, norm, input) =>
        {
            if (norm.RunningMean is null || norm.RunningVar is null)
                throw OnnxExportContext.Unsupported(norm, "it has no running statistics (track_running_stats=False), so inference uses batch statistics, which ONNX BatchNormalization does not compute");
            int c = norm.NumFeatures;
            string scale = norm.Weight is null ? context.Constant(norm, "weight", Filled(c, 1f), c) : context.Constant(norm, "weight", norm.Weight);
            string bias = norm.Bias is null ? context.Constant(norm, "bias", new float[c], c) : context.Constant(norm, "bias", norm.Bias);
            string mean = context.Constant(norm, "running_mean", norm.RunningMean), variance = context.Constant(norm, "running_var", norm.RunningVar);
            return context.Output(norm, input, context.Node(norm, "BatchNormalization", [input.Name, scale, bias, mean, variance],
                OnnxAttribute.Float("epsilon", norm.Eps)));
        });
        Register<LayerNorm>((context, norm, input) =>
        {
            context.RequireOpset(norm, "LayerNormalization", 17);
            int[] shape = [.. norm.NormalizedShape];
            string scale = norm.Weight is null ? context.Constant(norm, "weight", Filled(ShapeMath.Numel(shape), 1f), shape) : context.Constant(norm, "weight", norm.Weight);
            string[] inputs = norm.Bias is null ? [input.Name, scale] : [input.Name, scale, context.Constant(norm, "bias", norm.Bias)];
            return context.Output(norm, input, context.Node(norm, "LayerNormalization", inputs,
                OnnxAttribute.Int("axis", -shape.Length), OnnxAttribute.Float("epsilon", norm.Eps)));
        });
        Register<GroupNorm>((context, norm, input) =>
        {
            int g = norm.NumGroups, c = norm.NumChannels;
            string grouped = context.Node(norm, "Reshape", [input.Name, context.Int64Constant(norm, "group_shape", 0, g, -1)]);
            string normalized = context.Node(norm, "InstanceNormalization",
                [grouped, context.Constant(norm, "unit_scale", Filled(g, 1f), g), context.Constant(norm, "zero_bias", new float[g], g)],
                OnnxAttribute.Float("epsilon", norm.Eps));
            string y = context.Node(norm, "Reshape", [normalized, context.Node(norm, "Shape", [input.Name])]);
            if (norm.Weight is not null && norm.Bias is not null)
            {
                int[] channelShape = new int[input.Rank - 1];
                channelShape.AsSpan().Fill(1);
                channelShape[0] = c;
                y = context.Node(norm, "Mul", [y, context.Constant(norm, "weight", norm.Weight.ToArray(), channelShape)]);
                y = context.Node(norm, "Add", [y, context.Constant(norm, "bias", norm.Bias.ToArray(), channelShape)]);
            }
            return context.Output(norm, input, y);
        });
    }

    private static float[] Filled(int count, float value)
    {
        var data = new float[count];
        data.AsSpan().Fill(value);
        return data;
    }
}
