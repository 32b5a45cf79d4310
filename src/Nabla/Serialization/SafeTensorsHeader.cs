namespace Nabla.Serialization;

/// <summary>The validated header of a safetensors file: its tensors (sorted by name) and its metadata.</summary>
/// <param name="Path">The file the header was read from.</param>
/// <param name="HeaderLength">Length in bytes of the JSON header (the value stored in the first 8 bytes).</param>
/// <param name="Tensors">The tensor entries, sorted by name (ordinal).</param>
/// <param name="Metadata">The string-to-string <c>__metadata__</c> map (empty when the file has none).</param>
public sealed record SafeTensorsHeader(
    string Path,
    long HeaderLength,
    IReadOnlyList<SafeTensorInfo> Tensors,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Absolute file position of the data region (8 + <see cref="HeaderLength"/>).</summary>
    public long DataStart => 8 + HeaderLength;
}
