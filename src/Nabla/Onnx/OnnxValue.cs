namespace Nabla.Onnx;

/// <summary>
/// A value flowing through the exported graph: its ONNX name and a sample tensor that Nabla computed for the
/// example input, which gives the exporters every static size (dimension 0, the batch, is dynamic in the graph).
/// </summary>
/// <param name="Name">The value's name in the ONNX graph.</param>
/// <param name="Sample">Nabla's result for the example input (evaluation mode).</param>
public readonly record struct OnnxValue(string Name, Tensor Sample)
{
    /// <summary>The sample's shape; dimension 0 is the batch and stays symbolic in the graph.</summary>
    public ReadOnlySpan<int> Shape => Sample.Shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => Sample.Rank;
}
