namespace Nabla.Serialization;

/// <summary>What <see cref="SafeTensors.Load"/> returns: the tensors by name and the file's metadata.</summary>
/// <param name="Tensors">Float32 tensors by name, sorted by name; they own their memory (no scope recycles them).</param>
/// <param name="Metadata">The string-to-string <c>__metadata__</c> map (empty when the file has none).</param>
public sealed record SafeTensorsData(
    IReadOnlyDictionary<string, Tensor> Tensors,
    IReadOnlyDictionary<string, string> Metadata);
