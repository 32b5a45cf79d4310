using System.Buffers.Binary;
using System.Text;

namespace Nabla.Onnx;

/// <summary>
/// A minimal protocol-buffers encoder (proto3 wire format): varints (wire type 0), 32-bit values (type 5) and
/// length-delimited fields (type 2) for strings, bytes, packed arrays and nested messages. Each field is written as
/// its key (field number &lt;&lt; 3 | wire type) followed by its payload.
/// </summary>
internal sealed class ProtoWriter
{
    private const int Varint = 0, LengthDelimited = 2, Fixed32 = 5;
    private readonly MemoryStream _stream = new();

    /// <summary>The bytes written so far.</summary>
    public byte[] ToArray() => _stream.ToArray();

    /// <summary>Writes an int64/int32/enum field as a varint (negative values take ten bytes, as protobuf requires).</summary>
    public void Int64(int field, long value)
    {
        Key(field, Varint);
        WriteVarint((ulong)value);
    }

    /// <summary>Writes a float field (little-endian IEEE 754).</summary>
    public void Float(int field, float value)
    {
        Key(field, Fixed32);
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(buffer, value);
        _stream.Write(buffer);
    }

    /// <summary>Writes a UTF-8 string field.</summary>
    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>Writes a bytes field.</summary>
    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Key(field, LengthDelimited);
        WriteVarint((ulong)value.Length);
        _stream.Write(value);
    }

    /// <summary>Writes a nested message field built by <paramref name="build"/>.</summary>
    public void Message(int field, Action<ProtoWriter> build)
    {
        var nested = new ProtoWriter();
        build(nested);
        Bytes(field, nested._stream.GetBuffer().AsSpan(0, (int)nested._stream.Length));
    }

    /// <summary>Writes a packed repeated int64 field.</summary>
    public void PackedInt64(int field, ReadOnlySpan<long> values)
    {
        var nested = new ProtoWriter();
        foreach (long v in values)
            nested.WriteVarint((ulong)v);
        Bytes(field, nested._stream.GetBuffer().AsSpan(0, (int)nested._stream.Length));
    }

    /// <summary>Writes a packed repeated float field.</summary>
    public void PackedFloat(int field, ReadOnlySpan<float> values)
    {
        var buffer = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * 4), values[i]);
        Bytes(field, buffer);
    }

    private void Key(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _stream.WriteByte((byte)value);
    }
}
