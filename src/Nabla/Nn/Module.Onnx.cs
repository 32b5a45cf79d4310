using Nabla.Onnx;

namespace Nabla.Nn;

public abstract partial class Module
{
    /// <summary>
    /// Writes this module as an ONNX model (IR version 10) to <paramref name="path"/>. The graph has one float input
    /// "input" of shape <paramref name="inputShape"/>, whose first dimension is exported as the dynamic "batch"
    /// dimension, and one output "output". The module is traced in evaluation mode (dropout off, batch-norm running
    /// statistics), so ONNX Runtime reproduces <c>Eval()</c> + <c>Forward</c>; its training mode is restored afterwards.
    /// </summary>
    /// <param name="path">The .onnx file to write.</param>
    /// <param name="inputShape">An example input shape, batch first (e.g. [1, 1, 28, 28]).</param>
    /// <param name="opset">The ONNX operator set, 13 to 22 (LayerNorm needs ≥ 17; GELU uses the Gelu op from 20).</param>
    /// <exception cref="NotSupportedException">A layer cannot be exported; the message gives its qualified name and type.</exception>
    public void ExportOnnx(string path, int[] inputShape, int opset = 21)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(inputShape);
        File.WriteAllBytes(path, OnnxExporter.Export(this, inputShape, opset));
    }

    /// <summary>The ONNX model bytes that <see cref="ExportOnnx"/> would write.</summary>
    public byte[] ToOnnx(int[] inputShape, int opset = 21)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        return OnnxExporter.Export(this, inputShape, opset);
    }

    /// <summary>
    /// This module's own parameter called <paramref name="name"/> (state-dict spelling, e.g. <c>weight_ih_l0</c>), or
    /// null; unlike <see cref="NamedParameters"/> it does not walk (and so rename) the subtree, which exporters need.
    /// </summary>
    internal Tensor? LocalParameter(string name)
    {
        foreach (var (local, tensor) in LocalTensors(ModuleMembers.Kind.Parameter))
            if (local == name)
                return tensor;
        return null;
    }
}
