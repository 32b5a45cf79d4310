namespace Nabla.Onnx;

/// <summary>
/// Encodes the built graph as an ONNX ModelProto (onnx.proto3 field numbers): ModelProto {ir_version = 1,
/// producer_name = 2, producer_version = 3, graph = 7, opset_import = 8 {domain = 1, version = 2}}, GraphProto
/// {node = 1, name = 2, initializer = 5, input = 11, output = 12}, ValueInfoProto {name = 1, type = 2}, TypeProto
/// {tensor_type = 1 {elem_type = 1, shape = 2 {dim = 1 {dim_value = 1, dim_param = 2}}}}.
/// </summary>
internal static class OnnxModelWriter
{
    /// <summary>The symbolic name of dimension 0.</summary>
    public const string BatchDim = "batch";

    public static byte[] Write(OnnxExportContext context, string inputName, ReadOnlySpan<int> inputShape, string outputName, ReadOnlySpan<int> outputShape)
    {
        int[] inShape = inputShape.ToArray(), outShape = outputShape.ToArray();
        var model = new ProtoWriter();
        model.Int64(1, OnnxExporter.IrVersion);
        model.String(2, "Nabla");
        model.String(3, typeof(OnnxModelWriter).Assembly.GetName().Version?.ToString() ?? "0");
        model.Message(7, graph =>
        {
            foreach (var node in context.Nodes)
                graph.Message(1, node.WriteTo);
            graph.String(2, "nabla_graph");
            foreach (var initializer in context.Initializers)
                graph.Message(5, initializer.WriteTo);
            graph.Message(11, w => ValueInfo(w, inputName, inShape));
            graph.Message(12, w => ValueInfo(w, outputName, outShape));
        });
        model.Message(8, opset =>
        {
            opset.String(1, "");
            opset.Int64(2, context.Opset);
        });
        return model.ToArray();
    }

    /// <summary>A float tensor value whose first dimension is the symbolic batch.</summary>
    private static void ValueInfo(ProtoWriter w, string name, int[] shape)
    {
        w.String(1, name);
        w.Message(2, type => type.Message(1, tensor =>
        {
            tensor.Int64(1, OnnxInitializer.FloatType);
            tensor.Message(2, s =>
            {
                for (int i = 0; i < shape.Length; i++)
                {
                    int size = shape[i];
                    s.Message(1, dim =>
                    {
                        if (i == 0) dim.String(2, BatchDim);
                        else dim.Int64(1, size);
                    });
                }
            });
        }));
    }
}
