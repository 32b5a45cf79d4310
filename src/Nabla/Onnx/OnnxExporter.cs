using Nabla.Nn;

namespace Nabla.Onnx;

/// <summary>
/// Converts a module to an ONNX model (ModelProto, IR version 10) whose single input "input" has the given shape
/// with dimension 0 as the dynamic "batch" dimension, and whose single output is "output". The module is traced
/// in evaluation mode (dropout off, batch-norm running statistics) on a zero input of that shape; its training
/// mode is restored afterwards.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The IR version written.</summary>
    public const int IrVersion = 10;

    /// <summary>The lowest opset accepted (Softmax over one axis, Resize, Clip with inputs).</summary>
    public const int MinOpset = 13;

    /// <summary>The highest opset accepted.</summary>
    public const int MaxOpset = 22;

    /// <summary>The model's encoded ModelProto bytes.</summary>
    /// <exception cref="NotSupportedException">A layer cannot be exported; the message names it.</exception>
    public static byte[] Export(Module model, ReadOnlySpan<int> inputShape, int opset = 21)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (opset is < MinOpset or > MaxOpset)
            throw new ArgumentOutOfRangeException(nameof(opset), $"ONNX export: opset {opset} is not supported; use {MinOpset}..{MaxOpset}");
        if (inputShape.Length == 0 || ShapeMath.Numel(inputShape) <= 0 || inputShape.IndexOf(0) >= 0)
            throw new ArgumentException($"ONNX export: the input shape {ShapeMath.Format(inputShape)} must have at least one dimension (the batch first) and positive sizes", nameof(inputShape));

        var context = new OnnxExportContext(opset);
        const string inputName = "input", outputName = "output";
        context.UniqueName(inputName);
        context.UniqueName(outputName);
        var modes = new List<(Module, bool)>();
        bool mixed = false;
        foreach (var (_, m) in model.NamedModules())
        {
            modes.Add((m, m.Training));
            mixed |= m.Training != model.Training;
        }
        model.Eval();
        OnnxValue result;
        try
        {
            using (Autograd.NoGrad())
                result = context.Export(model, new OnnxValue(inputName, Tensor.Zeros(inputShape)));
        }
        finally
        {
            model.Train(modes[0].Item2);
            if (mixed)
            {
                // Depth first, so each module's own mode is set after its ancestors'. Train on a sub-module names its
                // subtree relative to it, so the tree is named from the root again afterwards.
                foreach (var (m, training) in modes)
                    m.Train(training);
                model.NamedModules();
            }
        }
        // The graph's output must be a node's output: a model that passes its input through gets an Identity node.
        string last = context.IsNodeOutput(result.Name) ? result.Name : context.Node(model, "Identity", [result.Name]);
        context.Rename(last, outputName);
        return OnnxModelWriter.Write(context, inputName, inputShape, outputName, result.Shape);
    }
}
