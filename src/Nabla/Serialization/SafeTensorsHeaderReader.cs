using System.Buffers.Binary;
using System.Text.Json;

namespace Nabla.Serialization;

/// <summary>
/// Reads and validates a safetensors header before anything is allocated for the data: the 8-byte little-endian
/// header length against the file size, the JSON object, every entry's dtype, shape and data_offsets, and that the
/// entries tile the data region exactly (no overlap, no gap, no trailing bytes), as the specification requires.
/// </summary>
internal static class SafeTensorsHeaderReader
{
    /// <summary>Largest header accepted (100 MB, the limit of the reference implementation).</summary>
    public const long MaxHeaderLength = 100L * 1024 * 1024;

    private const string MetadataKey = "__metadata__";

    public static SafeTensorsHeader Read(string path, FileStream stream)
    {
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw Error(path, $"the file is {fileLength} bytes long, shorter than the 8-byte header length field (not a safetensors file, or truncated)");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(lengthBytes);
        ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (declared > (ulong)MaxHeaderLength)
            throw Error(path, $"the header length field says {declared} bytes, more than the {MaxHeaderLength}-byte limit (corrupt file?)");
        long headerLength = (long)declared;
        if (8 + headerLength > fileLength)
            throw Error(path, $"the header length field says {headerLength} bytes but only {fileLength - 8} bytes follow it (truncated or corrupt file)");
        if (headerLength < 2)
            throw Error(path, $"the header is {headerLength} bytes long, too short for a JSON object");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        if (headerBytes[0] != (byte)'{')
            throw Error(path, $"the header does not start with '{{' (first byte 0x{headerBytes[0]:X2}); not a safetensors file");
        long dataLength = fileLength - 8 - headerLength;
        using var document = Parse(path, headerBytes);
        return Interpret(path, headerLength, dataLength, document.RootElement);
    }

    private static JsonDocument Parse(string path, byte[] headerBytes)
    {
        try
        {
            return JsonDocument.Parse(headerBytes, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw Error(path, $"the header is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>Checks the entries of the header object (it starts with '{', so valid JSON makes it an object).</summary>
    private static SafeTensorsHeader Interpret(string path, long headerLength, long dataLength, JsonElement root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var tensors = new List<SafeTensorInfo>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!seen.Add(property.Name))
                throw Error(path, $"the header names '{property.Name}' twice");
            if (property.Name == MetadataKey) ReadMetadata(path, property.Value, metadata);
            else tensors.Add(ReadEntry(path, property.Name, property.Value, dataLength));
        }
        CheckCoverage(path, tensors, dataLength);
        tensors.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new SafeTensorsHeader(path, headerLength, tensors, metadata);
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(path, $"'{MetadataKey}' must be an object of strings, found {value.ValueKind}");
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw Error(path, $"'{MetadataKey}' entry '{entry.Name}' must be a string, found {entry.Value.ValueKind}");
            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
                throw Error(path, $"'{MetadataKey}' names '{entry.Name}' twice");
        }
    }

    private static SafeTensorInfo ReadEntry(string path, string name, JsonElement entry, long dataLength)
    {
        if (entry.ValueKind != JsonValueKind.Object)
            throw Error(path, name, $"the entry must be an object with dtype, shape and data_offsets, found {entry.ValueKind}");
        var dtype = ReadDType(path, name, Property(path, name, entry, "dtype", JsonValueKind.String));
        var shape = ReadShape(path, name, Property(path, name, entry, "shape", JsonValueKind.Array));
        var offsets = Property(path, name, entry, "data_offsets", JsonValueKind.Array);
        if (offsets.GetArrayLength() != 2)
            throw Error(path, name, $"data_offsets must be [begin, end], found {offsets.GetArrayLength()} values");
        long begin = ReadOffset(path, name, offsets[0], "begin");
        long end = ReadOffset(path, name, offsets[1], "end");
        if (begin > end)
            throw Error(path, name, $"data_offsets [{begin}, {end}] has begin after end");
        if (end > dataLength)
            throw Error(path, name, $"data_offsets [{begin}, {end}] extend beyond the data region of {dataLength} bytes (truncated or corrupt file)");
        long numel = 1;
        foreach (int s in shape) numel *= s;
        long expected = numel * SafeTensorsDTypes.ElementSize(dtype);
        if (end - begin != expected)
            throw Error(path, name,
                $"shape {ShapeMath.Format(shape)} of {dtype} needs {expected} bytes but data_offsets [{begin}, {end}] hold {end - begin}");
        return new SafeTensorInfo(name, dtype, shape, begin, end);
    }

    private static JsonElement Property(string path, string name, JsonElement entry, string key, JsonValueKind kind)
    {
        if (!entry.TryGetProperty(key, out var value))
            throw Error(path, name, $"the entry has no '{key}'");
        if (value.ValueKind != kind)
            throw Error(path, name, $"'{key}' must be a JSON {kind}, found {value.ValueKind}");
        return value;
    }

    private static SafeTensorsDType ReadDType(string path, string name, JsonElement value)
    {
        string text = value.GetString()!;
        if (SafeTensorsDTypes.TryParse(text, out var dtype)) return dtype;
        string kind = SafeTensorsDTypes.IsSpecified(text) ? "is not supported by Nabla" : "is not a safetensors dtype";
        throw Error(path, name, $"dtype '{text}' {kind} (Nabla reads {SafeTensorsDTypes.SupportedList})");
    }

    private static int[] ReadShape(string path, string name, JsonElement value)
    {
        var shape = new int[value.GetArrayLength()];
        long numel = 1;
        int d = 0;
        foreach (var dim in value.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out long size) || size < 0)
                throw Error(path, name, $"shape entry {d} must be a non-negative integer, found {dim.GetRawText()}");
            if (size > int.MaxValue || (numel *= size) > int.MaxValue)
                throw Error(path, name, $"shape {value.GetRawText()} has more than {int.MaxValue} elements, the most a Nabla tensor holds");
            shape[d++] = (int)size;
        }
        return shape;
    }

    private static long ReadOffset(string path, string name, JsonElement value, string which)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long offset) || offset < 0)
            throw Error(path, name, $"data_offsets {which} must be a non-negative integer, found {value.GetRawText()}");
        return offset;
    }

    /// <summary>The entries, taken in order of their offsets, must tile [0, dataLength) with no overlap and no gap.</summary>
    private static void CheckCoverage(string path, List<SafeTensorInfo> tensors, long dataLength)
    {
        var byOffset = tensors.ToArray();
        Array.Sort(byOffset, static (a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long covered = 0;
        SafeTensorInfo? previous = null;
        foreach (var t in byOffset)
        {
            if (t.Begin < covered)
                throw Error(path, t.Name,
                    $"data_offsets [{t.Begin}, {t.End}] overlap tensor '{previous!.Name}' at [{previous.Begin}, {previous.End}]");
            if (t.Begin > covered)
                throw Error(path, t.Name,
                    $"data_offsets [{t.Begin}, {t.End}] leave bytes [{covered}, {t.Begin}) of the data region covered by no tensor");
            covered = t.End;
            previous = t;
        }
        if (covered != dataLength)
            throw Error(path,
                $"the tensors cover {covered} bytes but the data region holds {dataLength}; bytes [{covered}, {dataLength}) belong to no tensor");
    }

    public static InvalidDataException Error(string path, string what) =>
        new($"safetensors file '{path}': {what}");

    public static InvalidDataException Error(string path, string tensor, string what) =>
        new($"safetensors file '{path}': tensor '{tensor}': {what}");
}
