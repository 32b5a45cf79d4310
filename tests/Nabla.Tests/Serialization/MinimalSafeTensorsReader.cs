using System.Buffers.Binary;
using System.Text.Json;

namespace Nabla.Tests.Serialization;

/// <summary>
/// An independent, deliberately naive reader of F32 safetensors files written straight from the specification
/// (no code shared with Nabla.Serialization), used to check that what Nabla writes is what the format says.
/// </summary>
public static class MinimalSafeTensorsReader
{
    /// <summary>One tensor as found in the file.</summary>
    public sealed record Entry(string Dtype, int[] Shape, long Begin, long End, float[] Values);

    /// <summary>The header length, the raw header text, the entries and the metadata.</summary>
    public sealed record Content(ulong HeaderLength, string HeaderText, Dictionary<string, Entry> Tensors, Dictionary<string, string> Metadata);

    public static Content Read(byte[] file)
    {
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(0, 8));
        string text = System.Text.Encoding.UTF8.GetString(file, 8, (int)n);
        int dataStart = 8 + (int)n;
        using var doc = JsonDocument.Parse(text);
        var tensors = new Dictionary<string, Entry>();
        var metadata = new Dictionary<string, string>();
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.Name == "__metadata__")
            {
                foreach (var m in p.Value.EnumerateObject()) metadata[m.Name] = m.Value.GetString()!;
                continue;
            }
            string dtype = p.Value.GetProperty("dtype").GetString()!;
            int[] shape = p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            long begin = p.Value.GetProperty("data_offsets")[0].GetInt64();
            long end = p.Value.GetProperty("data_offsets")[1].GetInt64();
            var values = new float[(end - begin) / 4];
            for (int i = 0; i < values.Length; i++)
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(dataStart + (int)begin + 4 * i, 4));
            tensors[p.Name] = new Entry(dtype, shape, begin, end, values);
        }
        return new Content(n, text, tensors, metadata);
    }
}
