namespace Nabla.Serialization;

/// <summary>One tensor entry of a safetensors header, as validated by <see cref="SafeTensors.ReadHeader"/>.</summary>
/// <param name="Name">The tensor's name (a PyTorch state_dict key such as <c>0.weight</c>).</param>
/// <param name="DType">The element type stored in the file.</param>
/// <param name="Shape">The sizes of the dimensions (empty for a scalar).</param>
/// <param name="Begin">Start of the tensor's bytes, relative to the start of the data region.</param>
/// <param name="End">End (exclusive) of the tensor's bytes, relative to the start of the data region.</param>
public sealed record SafeTensorInfo(string Name, SafeTensorsDType DType, int[] Shape, long Begin, long End)
{
    /// <summary>Number of elements (the product of <see cref="Shape"/>, 1 for a scalar).</summary>
    public int Numel
    {
        get
        {
            int n = 1;
            foreach (int s in Shape) n *= s;
            return n;
        }
    }

    /// <summary>Number of bytes the tensor occupies in the file.</summary>
    public long ByteLength => End - Begin;
}
