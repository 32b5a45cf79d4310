using System.Buffers.Binary;
using System.Text;

namespace Nabla.Tests.Serialization;

/// <summary>Writes hand-made (possibly corrupt) safetensors files for the error tests.</summary>
public static class RawSafeTensors
{
    /// <summary>
    /// Writes the 8-byte length (<paramref name="declaredLength"/>, or the header's real length), the header text
    /// and <paramref name="data"/>.
    /// </summary>
    public static void Write(string path, string header, byte[] data, ulong? declaredLength = null)
    {
        byte[] headerBytes = Encoding.UTF8.GetBytes(header);
        using var f = File.Create(path);
        Span<byte> n = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(n, declaredLength ?? (ulong)headerBytes.Length);
        f.Write(n);
        f.Write(headerBytes);
        f.Write(data);
    }

    /// <summary>Little-endian bytes of float32 values.</summary>
    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    /// <summary>Little-endian bytes of int64 values.</summary>
    public static byte[] Longs(params long[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8 * i), values[i]);
        return bytes;
    }
}
