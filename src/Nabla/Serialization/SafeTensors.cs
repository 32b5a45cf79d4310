using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Nabla.Serialization;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face), the weight format PyTorch users exchange:
/// <code>
/// [ 8 bytes: N, unsigned little-endian ] [ N bytes: UTF-8 JSON header, space-padded ] [ data region ]
/// header = { "__metadata__": { "key": "value", ... },
///            "name": { "dtype": "F32", "shape": [d0, d1, ...], "data_offsets": [begin, end] }, ... }
/// </code>
/// Offsets are relative to the start of the data region, data is little-endian and row-major, and the entries must
/// cover the data region exactly. Nabla writes F32 only; it reads F32, F16, BF16, F64, I64 and I32 into float32.
/// </summary>
public static class SafeTensors
{
    private const int ChunkBytes = 1 << 20;

    /// <summary>Floats per read or write call, so a byte span never exceeds int.MaxValue (1 GiB per call).</summary>
    private const int MaxFloatsPerCall = 1 << 28;

    /// <summary>
    /// Writes <paramref name="tensors"/> (and optional string metadata) as an F32 safetensors file, atomically
    /// (see <see cref="AtomicFile"/>). Entries are sorted by name and laid out in that order; non-contiguous tensors
    /// are written in row-major order; the header is padded with spaces to a multiple of 8 bytes so the data region
    /// is 8-byte aligned, as the reference implementation does.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        RequireLittleEndian();
        var names = new string[tensors.Count];
        int i = 0;
        foreach (var (name, tensor) in tensors)
        {
            if (name == "__metadata__")
                throw new ArgumentException($"SafeTensors.Save: '__metadata__' is reserved for the metadata map and cannot name a tensor", nameof(tensors));
            if (tensor is null)
                throw new ArgumentException($"SafeTensors.Save: tensor '{name}' is null", nameof(tensors));
            tensor.CheckAlive();
            names[i++] = name;
        }
        Array.Sort(names, StringComparer.Ordinal);
        byte[] header = BuildHeader(names, tensors, metadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (string name in names) WriteData(stream, tensors[name]);
        });
    }

    /// <summary>
    /// Reads a safetensors file into float32 tensors that own their memory. The whole header is validated (see
    /// <see cref="ReadHeader"/>) before any tensor is allocated. F16 and BF16 convert exactly, F64 rounds to the
    /// nearest float32, and I64/I32 values load only when exactly representable in float32 (every integer up to
    /// 2^24 in magnitude, and larger ones that happen to be); otherwise an <see cref="InvalidDataException"/> names
    /// the tensor and the value.
    /// </summary>
    public static SafeTensorsData Load(string path)
    {
        RequireLittleEndian();
        using var stream = OpenRead(path);
        var header = SafeTensorsHeaderReader.Read(path, stream);
        var result = new Dictionary<string, Tensor>(header.Tensors.Count, StringComparer.Ordinal);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            foreach (var info in header.Tensors)
            {
                var tensor = Tensor.AllocateUnscoped(info.Shape);
                stream.Position = header.DataStart + info.Begin;
                ReadData(path, stream, info, tensor.ContiguousSpan(), chunk);
                result.Add(info.Name, tensor);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return new SafeTensorsData(result, header.Metadata);
    }

    /// <summary>
    /// Reads and validates only the header: the length field against the file size, the JSON, every entry's dtype,
    /// shape and data_offsets, and that the entries cover the data region exactly. Throws an
    /// <see cref="InvalidDataException"/> naming the file, the tensor and the problem.
    /// </summary>
    public static SafeTensorsHeader ReadHeader(string path)
    {
        using var stream = OpenRead(path);
        return SafeTensorsHeaderReader.Read(path, stream);
    }

    private static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"safetensors file '{path}' does not exist", path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    private static byte[] BuildHeader(string[] names, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                var keys = new string[metadata.Count];
                int k = 0;
                foreach (var (key, value) in metadata)
                {
                    if (value is null) throw new ArgumentException($"SafeTensors.Save: metadata '{key}' is null", nameof(metadata));
                    keys[k++] = key;
                }
                Array.Sort(keys, StringComparer.Ordinal);
                foreach (string key in keys) json.WriteString(key, metadata[key]);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (string name in names)
            {
                var t = tensors[name];
                long end = offset + (long)t.Numel * sizeof(float);
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int s in t.Shape) json.WriteNumberValue(s);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = end;
            }
            json.WriteEndObject();
        }
        int padded = (buffer.WrittenCount + 7) / 8 * 8;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    private static void WriteData(Stream stream, Tensor tensor)
    {
        if (tensor.IsContiguous)
        {
            var values = tensor.ContiguousSpan();
            for (int start = 0; start < values.Length; start += MaxFloatsPerCall)
                stream.Write(MemoryMarshal.AsBytes(values.Slice(start, Math.Min(MaxFloatsPerCall, values.Length - start))));
            return;
        }
        float[] copy = ArrayPool<float>.Shared.Rent(tensor.Numel);
        try
        {
            var values = copy.AsSpan(0, tensor.Numel);
            tensor.CopyTo(values);
            for (int start = 0; start < values.Length; start += MaxFloatsPerCall)
                stream.Write(MemoryMarshal.AsBytes(values.Slice(start, Math.Min(MaxFloatsPerCall, values.Length - start))));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(copy);
        }
    }

    private static void ReadData(string path, FileStream stream, SafeTensorInfo info, Span<float> destination, byte[] chunk)
    {
        if (info.DType == SafeTensorsDType.F32)
        {
            for (int start = 0; start < destination.Length; start += MaxFloatsPerCall)
                stream.ReadExactly(MemoryMarshal.AsBytes(destination.Slice(start, Math.Min(MaxFloatsPerCall, destination.Length - start))));
            return;
        }
        int size = SafeTensorsDTypes.ElementSize(info.DType);
        int perChunk = chunk.Length / size;
        for (int start = 0; start < destination.Length; start += perChunk)
        {
            int count = Math.Min(perChunk, destination.Length - start);
            var bytes = chunk.AsSpan(0, count * size);
            stream.ReadExactly(bytes);
            SafeTensorsConversion.ToFloat32(path, info, start, bytes, destination.Slice(start, count));
        }
    }

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("SafeTensors: only little-endian machines are supported");
    }
}
