using Nabla.Nn;

namespace Nabla.Onnx;

public static partial class OnnxExporters
{
    /// <summary>
    /// Flatten(1, −1) → Flatten(axis = 1); other Flatten and Unflatten → Reshape to the traced output shape with
    /// 0 ("copy the input's size") for a batch dimension left alone, or −1 for one merged into the flattened
    /// dimension, so the batch stays dynamic. Upsample (nearest) → Resize to the traced H_out×W_out (sizes built
    /// from the input's own N and C) with asymmetric coordinates and floor rounding: source index ⌊i·H/H_out⌋.
    /// </summary>
    private static void RegisterShapes()
    {
        Register<Flatten>((context, flatten, input) =>
        {
            var output = context.Output(flatten, input, "");
            int start = flatten.StartDim < 0 ? flatten.StartDim + input.Rank : flatten.StartDim;
            int end = flatten.EndDim < 0 ? flatten.EndDim + input.Rank : flatten.EndDim;
            if (start == 1 && end == input.Rank - 1)
                return output with { Name = context.Node(flatten, "Flatten", [input.Name], OnnxAttribute.Int("axis", 1)) };
            return output with { Name = Reshape(context, flatten, input.Name, output.Shape, start == 0 ? -1 : 0) };
        });
        Register<Unflatten>((context, unflatten, input) =>
        {
            var output = context.Output(unflatten, input, "");
            int dim = unflatten.Dim < 0 ? unflatten.Dim + input.Rank : unflatten.Dim;
            if (dim == 0)
                throw OnnxExportContext.Unsupported(unflatten, "it splits dimension 0, which is the dynamic batch dimension in the exported graph");
            return output with { Name = Reshape(context, unflatten, input.Name, output.Shape, 0) };
        });
        Register<Upsample>((context, upsample, input) =>
        {
            RequireRank(upsample, input, 4, "[N, C, H, W]");
            var output = context.Output(upsample, input, "");
            string batchAndChannels = context.Node(upsample, "Slice",
                [context.Node(upsample, "Shape", [input.Name]), context.Int64Constant(upsample, "starts", 0), context.Int64Constant(upsample, "ends", 2)]);
            string sizes = context.Node(upsample, "Concat",
                [batchAndChannels, context.Int64Constant(upsample, "spatial_size", output.Shape[2], output.Shape[3])], OnnxAttribute.Int("axis", 0));
            return output with
            {
                Name = context.Node(upsample, "Resize", [input.Name, "", "", sizes],
                    OnnxAttribute.String("mode", "nearest"), OnnxAttribute.String("coordinate_transformation_mode", "asymmetric"),
                    OnnxAttribute.String("nearest_mode", "floor")),
            };
        });
    }

    /// <summary>Reshape to <paramref name="shape"/> with dimension 0 written as <paramref name="batch"/> (0 keeps it, −1 infers it).</summary>
    private static string Reshape(OnnxExportContext context, Module module, string input, ReadOnlySpan<int> shape, long batch)
    {
        var target = new long[shape.Length];
        target[0] = batch;
        for (int i = 1; i < shape.Length; i++)
            target[i] = shape[i];
        return context.Node(module, "Reshape", [input, context.Int64Constant(module, "shape", target)]);
    }
}
