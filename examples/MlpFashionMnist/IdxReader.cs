using System.Buffers.Binary;
using System.IO.Compression;

namespace MlpFashionMnist;

/// <summary>Bad or missing input data; the message names the file and what is wrong with it.</summary>
public sealed class DataException(string message) : Exception(message);

/// <summary>
/// Reads the IDX files of (Fashion-)MNIST, gzip-compressed (<c>name.gz</c>) or raw (<c>name</c>).
/// Format: a big-endian header — two zero bytes, a type byte (0x08 = unsigned byte), the number of dimensions —
/// then one big-endian int32 per dimension, then the values row-major. Everything is checked against what the
/// caller expects, and the payload length is checked exactly: .NET's GZipStream returns the data it could
/// decode from a truncated stream without raising an error, so a short read is the only sign of truncation.
/// </summary>
public static class IdxReader
{
    /// <summary>Images as bytes, row-major [count, rows, cols].</summary>
    public static (byte[] Pixels, int Count, int Rows, int Cols) ReadImages(string path)
    {
        var (_, dims, data) = Read(path, expectedRank: 3, kind: "images", imageSide: 28);
        return (data, dims[0], dims[1], dims[2]);
    }

    /// <summary>Labels as bytes, each checked to lie in [0, <paramref name="classes"/>).</summary>
    public static byte[] ReadLabels(string path, int classes)
    {
        var (actual, _, data) = Read(path, expectedRank: 1, kind: "labels", imageSide: 0);
        for (int i = 0; i < data.Length; i++)
            if (data[i] >= classes)
                throw new DataException($"{actual}: label {data[i]} at index {i} is outside 0..{classes - 1}");
        return data;
    }

    private static (string ActualPath, int[] Dims, byte[] Data) Read(string path, int expectedRank, string kind, int imageSide)
    {
        string actual = Locate(path, kind);
        try
        {
            using var file = File.OpenRead(actual);
            using Stream stream = actual.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(file, CompressionMode.Decompress)
                : file;

            Span<byte> head = stackalloc byte[4];
            ReadExact(stream, head, actual, "the 4-byte IDX header");
            int magic = BinaryPrimitives.ReadInt32BigEndian(head);
            int expectedMagic = 0x0800 | expectedRank;
            if (magic != expectedMagic)
                throw new DataException(
                    $"{actual}: magic number 0x{magic:X8}, expected 0x{expectedMagic:X8} (IDX {kind}: unsigned bytes, " +
                    $"{expectedRank} dimension{(expectedRank == 1 ? "" : "s")}); is this the right file?");

            Span<byte> dimBytes = stackalloc byte[4 * expectedRank];
            ReadExact(stream, dimBytes, actual, "the dimension sizes");
            var dims = new int[expectedRank];
            long length = 1;
            for (int d = 0; d < expectedRank; d++)
            {
                dims[d] = BinaryPrimitives.ReadInt32BigEndian(dimBytes[(4 * d)..]);
                if (dims[d] <= 0)
                    throw new DataException($"{actual}: dimension {d} has size {dims[d]}; sizes must be positive");
                length *= dims[d];
            }
            if (expectedRank == 3 && (dims[1] != imageSide || dims[2] != imageSide))
                throw new DataException($"{actual}: images are {dims[1]}x{dims[2]} pixels, expected {imageSide}x{imageSide} (Fashion-MNIST)");
            if (length > Array.MaxLength)
                throw new DataException($"{actual}: header declares {length:N0} values, too many to load");

            var data = new byte[length];
            int got = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
            if (got != data.Length)
                throw new DataException(
                    $"{actual}: truncated: the header declares {string.Join("x", dims)} = {length:N0} values but the file holds only {got:N0}");
            if (stream.ReadByte() != -1)
                throw new DataException($"{actual}: {kind} file has data after the {length:N0} values its header declares");
            return (actual, dims, data);
        }
        catch (InvalidDataException e)
        {
            throw new DataException($"{actual}: not a valid gzip file ({e.Message})");
        }
        catch (IOException e) when (e is not EndOfStreamException)
        {
            throw new DataException($"{actual}: cannot read ({e.Message})");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DataException($"{actual}: cannot read ({e.Message})");
        }
    }

    /// <summary><paramref name="path"/> if it exists, else the same name without ".gz" (an uncompressed copy).</summary>
    private static string Locate(string path, string kind)
    {
        if (File.Exists(path)) return path;
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) && File.Exists(path[..^3])) return path[..^3];
        throw new DataException($"{path}: file not found (the {kind} file of an IDX dataset, gzip-compressed or not)");
    }

    private static void ReadExact(Stream stream, Span<byte> buffer, string path, string what)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) != buffer.Length)
            throw new DataException($"{path}: file ends inside {what}; it is empty, truncated or not an IDX file");
    }
}
