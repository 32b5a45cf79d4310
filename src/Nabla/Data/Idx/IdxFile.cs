using System.Buffers.Binary;
using System.IO.Compression;

namespace Nabla.Data.Idx;

/// <summary>The dimensions and raw unsigned-byte values of one IDX file.</summary>
/// <param name="Path">The file that was read.</param>
/// <param name="Dimensions">The sizes from the header, outermost first.</param>
/// <param name="Data">The values, row-major.</param>
public sealed record IdxArray(string Path, int[] Dimensions, byte[] Data);

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST, gzip-compressed (a name ending in <c>.gz</c>) or raw.
/// Layout: a big-endian magic number — two zero bytes, a data-type byte (0x08 = unsigned byte), the number of
/// dimensions — then one big-endian int32 size per dimension, then the values row-major. Everything is checked
/// and every error is a <see cref="DataException"/> naming the file, the byte position and what was expected.
/// </summary>
public static class IdxFile
{
    /// <summary>
    /// Reads an unsigned-byte IDX file with <paramref name="rank"/> dimensions. <paramref name="kind"/> names the
    /// content in messages (e.g. "images"). The payload length is checked exactly: a short file is reported as
    /// truncated (.NET's GZipStream returns what it could decode from a cut stream without an error) and extra
    /// bytes after the declared data are reported too.
    /// </summary>
    /// <exception cref="DataException">The file is missing, unreadable, not gzip, or not a valid IDX file of that rank.</exception>
    public static IdxArray Read(string path, int rank, string kind = "data")
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        if (!File.Exists(path)) throw new DataException($"{path}: file not found (an IDX {kind} file, gzip-compressed or raw)");
        bool gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        string bytesOf = gzip ? "decompressed bytes" : "bytes";
        try
        {
            using var file = File.OpenRead(path);
            using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;

            Span<byte> head = stackalloc byte[4];
            int got = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
            if (got < 4)
                throw new DataException($"{path}: the file ends at byte {got}, inside the 4-byte IDX magic number; it is empty or not an IDX file");
            CheckMagic(path, head, rank, kind);

            Span<byte> sizes = stackalloc byte[4 * rank];
            got = stream.ReadAtLeast(sizes, sizes.Length, throwOnEndOfStream: false);
            if (got < sizes.Length)
                throw new DataException(
                    $"{path}: the file ends at byte {4 + got}, inside the {rank} dimension sizes (bytes 4..{3 + 4 * rank}); it is truncated");
            var dims = new int[rank];
            long length = 1;
            for (int d = 0; d < rank; d++)
            {
                dims[d] = BinaryPrimitives.ReadInt32BigEndian(sizes[(4 * d)..]);
                if (dims[d] <= 0)
                    throw new DataException($"{path}: dimension {d} (byte {4 + 4 * d}) has size {dims[d]}; sizes must be positive");
                length *= dims[d];
            }
            int headerBytes = 4 + 4 * rank;
            if (length > Array.MaxLength)
                throw new DataException($"{path}: the header declares {length:N0} values, too many to load into memory");

            var data = GC.AllocateUninitializedArray<byte>((int)length);
            got = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
            if (got != data.Length)
                throw new DataException(
                    $"{path}: truncated: the header declares {string.Join("x", dims)} = {length:N0} values, so {headerBytes + length:N0} " +
                    $"{bytesOf} in all, but the file ends after {headerBytes + got:N0} ({got:N0} of the values, missing from byte {headerBytes + got:N0})");
            if (stream.ReadByte() != -1)
                throw new DataException(
                    $"{path}: the file goes on after byte {headerBytes + length:N0}, where the {string.Join("x", dims)} values its header declares end; " +
                    "is the header right?");
            return new IdxArray(path, dims, data);
        }
        catch (InvalidDataException e)
        {
            throw new DataException($"{path}: not a valid gzip file ({e.Message}); use the raw file or recompress it", e);
        }
        catch (IOException e)
        {
            throw new DataException($"{path}: cannot read ({e.Message})", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DataException($"{path}: cannot read ({e.Message})", e);
        }
    }

    private static void CheckMagic(string path, ReadOnlySpan<byte> head, int rank, string kind)
    {
        int magic = BinaryPrimitives.ReadInt32BigEndian(head);
        int expected = 0x0800 | rank;
        if (magic == expected) return;
        string why = head[0] != 0 || head[1] != 0
            ? "the first two bytes must be zero; this is not an IDX file (or a gzip file without the .gz name)"
            : head[2] != 0x08
                ? $"data type 0x{head[2]:X2} ({TypeName(head[2])}) at byte 2, but only 0x08 (unsigned byte) is supported"
                : $"{head[3]} dimension{(head[3] == 1 ? "" : "s")} declared at byte 3, expected {rank} for {kind}";
        throw new DataException(
            $"{path}: bad IDX magic number 0x{magic:X8} at byte 0, expected 0x{expected:X8} ({kind}: unsigned bytes, " +
            $"{rank} dimension{(rank == 1 ? "" : "s")}): {why}");
    }

    private static string TypeName(byte type) => type switch
    {
        0x08 => "unsigned byte",
        0x09 => "signed byte",
        0x0B => "int16",
        0x0C => "int32",
        0x0D => "float32",
        0x0E => "float64",
        _ => "not an IDX type",
    };
}
