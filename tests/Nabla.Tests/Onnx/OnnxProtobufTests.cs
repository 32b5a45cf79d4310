using System.Text;
using Nabla.Nn;

namespace Nabla.Tests.Onnx;

/// <summary>
/// Decodes the exported bytes with an independent protobuf reader and checks the ModelProto fields against the
/// onnx.proto3 numbering: ir_version (1) = 10, opset_import (8) = {"" , 21}, graph (7) with a "batch" input dimension.
/// </summary>
public sealed class OnnxProtobufTests
{
    private static List<(int Field, long Value, byte[] Bytes)> Decode(ReadOnlySpan<byte> data)
    {
        var fields = new List<(int, long, byte[])>();
        int pos = 0;
        while (pos < data.Length)
        {
            ulong key = Varint(data, ref pos);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: fields.Add((field, (long)Varint(data, ref pos), [])); break;
                case 5: fields.Add((field, BitConverter.ToInt32(data.Slice(pos, 4)), [])); pos += 4; break;
                case 2:
                    int length = (int)Varint(data, ref pos);
                    fields.Add((field, length, data.Slice(pos, length).ToArray()));
                    pos += length;
                    break;
                default: throw new InvalidDataException($"wire type {wire}");
            }
        }
        return fields;
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }

    [Fact]
    public void Model_fields_follow_the_onnx_numbering()
    {
        var model = Decode(new Sequential(new Linear(3, 2), new ReLU()).ToOnnx([4, 3], 19));
        Assert.Equal(10, model.Single(f => f.Field == 1).Value);
        var opset = Decode(model.Single(f => f.Field == 8).Bytes);
        Assert.Equal(19, opset.Single(f => f.Field == 2).Value);
        var graph = Decode(model.Single(f => f.Field == 7).Bytes);
        var nodes = graph.Where(f => f.Field == 1).Select(f => Decode(f.Bytes)).ToList();
        Assert.Equal(["Gemm", "Relu"], nodes.Select(n => Encoding.UTF8.GetString(n.Single(f => f.Field == 4).Bytes)));
        Assert.Equal("output", Encoding.UTF8.GetString(nodes[^1].Single(f => f.Field == 2).Bytes));
        var initializers = graph.Where(f => f.Field == 5).Select(f => Decode(f.Bytes)).ToList();
        Assert.Equal(["0.weight", "0.bias"], initializers.Select(t => Encoding.UTF8.GetString(t.Single(f => f.Field == 8).Bytes)));
        Assert.Equal(2 * 3 * 4, initializers[0].Single(f => f.Field == 9).Bytes.Length);
        var input = Decode(graph.Single(f => f.Field == 11).Bytes);
        Assert.Equal("input", Encoding.UTF8.GetString(input.Single(f => f.Field == 1).Bytes));
        var tensorType = Decode(Decode(input.Single(f => f.Field == 2).Bytes).Single(f => f.Field == 1).Bytes);
        Assert.Equal(1, tensorType.Single(f => f.Field == 1).Value);
        var dims = Decode(tensorType.Single(f => f.Field == 2).Bytes).Select(d => Decode(d.Bytes).Single()).ToList();
        Assert.Equal("batch", Encoding.UTF8.GetString(dims[0].Bytes));
        Assert.Equal((1, 3L), (dims[1].Field, dims[1].Value));
    }
}
