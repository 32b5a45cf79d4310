using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Nabla.Serialization;

/// <summary>Converts the non-F32 element types of a safetensors file to float32.</summary>
internal static class SafeTensorsConversion
{
    /// <summary>Largest magnitude below which every integer is exactly representable in float32.</summary>
    private const long ExactIntegerLimit = 1L << 24;

    /// <summary>
    /// Converts <paramref name="bytes"/> (little-endian elements of <paramref name="info"/>'s dtype, starting at
    /// element <paramref name="first"/> of the tensor) into <paramref name="destination"/>.
    /// </summary>
    public static void ToFloat32(string path, SafeTensorInfo info, int first, ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        switch (info.DType)
        {
            case SafeTensorsDType.F16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(bytes), destination);
                break;
            case SafeTensorsDType.BF16:
                var bf16 = MemoryMarshal.Cast<byte, ushort>(bytes);
                var bits = MemoryMarshal.Cast<float, uint>(destination);
                for (int i = 0; i < bf16.Length; i++) bits[i] = (uint)bf16[i] << 16;
                break;
            case SafeTensorsDType.F64:
                var f64 = MemoryMarshal.Cast<byte, double>(bytes);
                for (int i = 0; i < f64.Length; i++) destination[i] = (float)f64[i];
                break;
            case SafeTensorsDType.I64:
                var i64 = MemoryMarshal.Cast<byte, long>(bytes);
                for (int i = 0; i < i64.Length; i++) destination[i] = ExactInteger(path, info, first + i, i64[i]);
                break;
            case SafeTensorsDType.I32:
                var i32 = MemoryMarshal.Cast<byte, int>(bytes);
                for (int i = 0; i < i32.Length; i++) destination[i] = ExactInteger(path, info, first + i, i32[i]);
                break;
            default:
                throw new InvalidOperationException($"internal: no conversion from {info.DType}");
        }
    }

    private static float ExactInteger(string path, SafeTensorInfo info, int index, long value)
    {
        float f = value;
        if ((value > ExactIntegerLimit || value < -ExactIntegerLimit) && (f >= 9.2233720368547758E18f || (long)f != value))
            throw SafeTensorsHeaderReader.Error(path, info.Name,
                $"{info.DType} value {value} at flat index {index} is not exactly representable as float32 " +
                $"(integers are exact only up to 2^24 = {ExactIntegerLimit} in magnitude)");
        return f;
    }
}
