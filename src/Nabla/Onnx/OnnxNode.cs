namespace Nabla.Onnx;

/// <summary>One operator call of the graph (NodeProto): input = 1, output = 2, name = 3, op_type = 4, attribute = 5.</summary>
internal sealed class OnnxNode(string name, string opType, string[] inputs, string[] outputs, OnnxAttribute[] attributes)
{
    public string Name { get; } = name;
    public string OpType { get; } = opType;
    public string[] Inputs { get; } = inputs;
    public string[] Outputs { get; } = outputs;
    public OnnxAttribute[] Attributes { get; } = attributes;

    public void WriteTo(ProtoWriter w)
    {
        foreach (var input in Inputs)
            w.String(1, input);
        foreach (var output in Outputs)
            w.String(2, output);
        w.String(3, Name);
        w.String(4, OpType);
        foreach (var attribute in Attributes)
            w.Message(5, attribute.WriteTo);
    }
}
