using System.Buffers.Binary;

namespace Nabla.Onnx;

/// <summary>
/// A constant tensor of the graph (TensorProto): dims = 1, data_type = 2 (FLOAT = 1, INT64 = 7), int64_data = 7,
/// name = 8, raw_data = 9 (floats as little-endian IEEE 754).
/// </summary>
internal sealed class OnnxInitializer
{
    public const int FloatType = 1, Int64Type = 7;

    public string Name { get; }
    public long[] Dims { get; }
    private readonly float[]? _floats;
    private readonly long[]? _longs;

    public OnnxInitializer(string name, float[] data, long[] dims)
    {
        Name = name;
        Dims = dims;
        _floats = data;
    }

    public OnnxInitializer(string name, long[] data, long[] dims)
    {
        Name = name;
        Dims = dims;
        _longs = data;
    }

    public void WriteTo(ProtoWriter w)
    {
        w.PackedInt64(1, Dims);
        if (_floats is not null)
        {
            w.Int64(2, FloatType);
            w.String(8, Name);
            var raw = new byte[_floats.Length * 4];
            for (int i = 0; i < _floats.Length; i++)
                BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), _floats[i]);
            w.Bytes(9, raw);
        }
        else
        {
            w.Int64(2, Int64Type);
            w.PackedInt64(7, _longs);
            w.String(8, Name);
        }
    }
}
