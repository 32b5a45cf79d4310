using System.Buffers.Binary;
using System.IO.Compression;
using Nabla.Data;
using Nabla.Data.Idx;

namespace Nabla.Tests.Data.Idx;

/// <summary>The IDX reader on the shipped Fashion-MNIST sample and on generated raw, gzip and corrupt files.</summary>
public sealed class IdxReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Idx(int magic, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    private string Write(string name, byte[] content, bool gzip = false)
    {
        string path = Path.Combine(_dir, name + (gzip ? ".gz" : ""));
        if (!gzip) File.WriteAllBytes(path, content);
        else
        {
            using var file = File.Create(path);
            using var z = new GZipStream(file, CompressionLevel.Fastest);
            z.Write(content);
        }
        return path;
    }

    private static byte[] Pixels(int n, int h, int w) => Enumerable.Range(0, n * h * w).Select(i => (byte)(i * 7)).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadsRawAndGzipFiles(bool gzip)
    {
        string images = Write("img", Idx(0x803, [3, 2, 4], Pixels(3, 2, 4)), gzip);
        string labels = Write("lbl", Idx(0x801, [3], [2, 0, 1]), gzip);
        var d = IdxDataset.Load(images, labels, classCount: 3);
        Assert.Equal(3, d.Count);
        Assert.Equal([1, 2, 4], d.InputShape.ToArray());
        Assert.Equal(DataSource.Files, d.Source);
        Assert.Equal(2, d.LabelOf(0));
        var x = new float[8];
        var y = new float[1];
        d.CopySample(1, x, y);
        Assert.Equal(Pixels(3, 2, 4).Skip(8).Take(8).Select(b => b / 255f), x);
        Assert.Equal(0f, y[0]);
        var flat = IdxDataset.Load(images, labels, 3, flatten: true);
        Assert.Equal([8], flat.InputShape.ToArray());
        Assert.Equal([3, 8], flat.ImagesTensor().Shape.ToArray());
    }

    [Fact]
    public void WrongMagicNamesExpectedAndActual()
    {
        string labels = Write("lbl", Idx(0x801, [3], [0, 1, 2]));
        var ex = Assert.Throws<DataException>(() => IdxFile.Read(labels, 3, "images"));
        Assert.Equal($"{labels}: bad IDX magic number 0x00000801 at byte 0, expected 0x00000803 (images: unsigned bytes, 3 dimensions): " +
                     "1 dimension declared at byte 3, expected 3 for images", ex.Message);
        string floats = Write("f", Idx(0xD01, [1], [0, 0, 0, 0]));
        Assert.Contains("data type 0x0D (float32) at byte 2, but only 0x08 (unsigned byte) is supported",
            Assert.Throws<DataException>(() => IdxFile.Read(floats, 1)).Message);
        string text = Write("t", "hello world"u8.ToArray());
        Assert.Contains("bad IDX magic number 0x68656C6C at byte 0, expected 0x00000801 (data: unsigned bytes, 1 dimension): the first two bytes must be zero",
            Assert.Throws<DataException>(() => IdxFile.Read(text, 1)).Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedFileGivesExpectedAndActualByteCounts(bool gzip)
    {
        var full = Idx(0x803, [2, 3, 3], Pixels(2, 3, 3));
        string path = Write("img", full[..^5], gzip);
        var ex = Assert.Throws<DataException>(() => IdxFile.Read(path, 3, "images"));
        string unit = gzip ? "decompressed bytes" : "bytes";
        Assert.Equal($"{path}: truncated: the header declares 2x3x3 = 18 values, so 34 {unit} in all, but the file ends after 29 " +
                     "(13 of the values, missing from byte 29)", ex.Message);
        string header = Write("h", full[..10]);
        Assert.Contains("the file ends at byte 10, inside the 3 dimension sizes (bytes 4..15)",
            Assert.Throws<DataException>(() => IdxFile.Read(header, 3)).Message);
        string empty = Write("e", []);
        Assert.Contains("the file ends at byte 0, inside the 4-byte IDX magic number",
            Assert.Throws<DataException>(() => IdxFile.Read(empty, 3)).Message);
    }

    [Fact]
    public void TrailingBytesAndBadSizesAreReported()
    {
        string extra = Write("x", [.. Idx(0x801, [2], [0, 1]), 9]);
        Assert.Contains("the file goes on after byte 10, where the 2 values its header declares end",
            Assert.Throws<DataException>(() => IdxFile.Read(extra, 1)).Message);
        string negative = Write("n", Idx(0x802, [2, -1], []));
        Assert.Contains("dimension 1 (byte 8) has size -1; sizes must be positive",
            Assert.Throws<DataException>(() => IdxFile.Read(negative, 2)).Message);
    }

    [Fact]
    public void CorruptGzipIsReported()
    {
        var gz = File.ReadAllBytes(Write("img", Idx(0x801, [100], new byte[100]), gzip: true));
        gz[12] ^= 0xFF;
        gz[13] ^= 0xFF;
        string path = Path.Combine(_dir, "bad.gz");
        File.WriteAllBytes(path, gz);
        var ex = Assert.Throws<DataException>(() => IdxFile.Read(path, 1));
        Assert.StartsWith($"{path}: ", ex.Message);
    }

    [Fact]
    public void LabelCountAndRangeAreChecked()
    {
        string images = Write("img", Idx(0x803, [3, 2, 2], Pixels(3, 2, 2)));
        string two = Write("two", Idx(0x801, [2], [0, 1]));
        Assert.Equal($"{two}: holds 2 labels (header byte 4) but {images} holds 3 images; both files must come from the same split",
            Assert.Throws<DataException>(() => IdxDataset.Load(images, two, 10)).Message);
        string big = Write("big", Idx(0x801, [3], [0, 12, 1]));
        Assert.Equal($"{big}: label 12 of sample 1 (byte 9) is outside 0..9",
            Assert.Throws<DataException>(() => IdxDataset.Load(images, big, 10)).Message);
        Assert.Contains("images are 2x2 pixels (bytes 8..15 of the header), expected 28x28",
            Assert.Throws<DataException>(() => IdxDataset.Load(images, big, 10, height: 28, width: 28)).Message);
        string missing = Path.Combine(_dir, "nope");
        Assert.Equal($"{missing}: file not found (an IDX images file, gzip-compressed or raw)",
            Assert.Throws<DataException>(() => IdxDataset.Load(missing, big, 10)).Message);
    }
}
