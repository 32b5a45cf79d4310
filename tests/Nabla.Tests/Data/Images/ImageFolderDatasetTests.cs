using Nabla.Data;
using Nabla.Data.Images;
using Nabla.Tests.Data.Csv;
using static Nabla.Tests.Data.Preprocessing.PreprocessingFixture;

namespace Nabla.Tests.Data.Images;

public class ImageFolderDatasetTests
{
    private static byte[] Solid(int w, int h, byte r, byte g, byte b)
    {
        var px = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) { px[3 * i] = r; px[3 * i + 1] = g; px[3 * i + 2] = b; }
        return PngWriter.Encode(px, w, h, 3);
    }

    private static TempFolder MakeFolder()
    {
        var dir = new TempFolder();
        dir.Write("dog/b.png", Solid(6, 4, 0, 255, 0));
        dir.Write("dog/a.PNG", Solid(3, 3, 0, 0, 255));
        dir.Write("cat/x.png", Solid(5, 5, 255, 0, 0));
        dir.Write("cat/notes.txt", "not an image");
        return dir;
    }

    [Fact]
    public void IndexesClassesSortedLikeTorchvision()
    {
        using var dir = MakeFolder();
        var ds = new ImageFolderDataset(dir.Path, 4, 4);
        Assert.Equal(["cat", "dog"], ds.ClassNames);
        Assert.Equal(3, ds.Count);
        Assert.Equal([0, 1, 1], Enumerable.Range(0, 3).Select(ds.LabelOf));
        Assert.EndsWith("a.PNG", ds.Files[1]);
        Assert.Equal([3, 4, 4], ds.InputShape.ToArray());
        Assert.Empty(ds.TargetShape.ToArray());
    }

    [Fact]
    public void CopySample_ResizesToChwInUnitRange()
    {
        using var dir = MakeFolder();
        var ds = new ImageFolderDataset(dir.Path, 4, 4, ColorMode.Rgb, cache: true);
        var input = new float[48];
        var target = new float[1];
        for (int pass = 0; pass < 2; pass++)
        {
            ds.CopySample(2, input, target);
            Assert.Equal(1f, target[0]);
            Assert.All(input.AsSpan(0, 16).ToArray(), v => Assert.Equal(0f, v));
            Assert.All(input.AsSpan(16, 16).ToArray(), v => Assert.Equal(1f, v));
            Assert.All(input.AsSpan(32, 16).ToArray(), v => Assert.Equal(0f, v));
        }
        var gray = new ImageFolderDataset(dir.Path, 2, 3, ColorMode.Grayscale);
        var g = new float[6];
        gray.CopySample(0, g, target);
        Assert.Equal([1, 2, 3], gray.InputShape.ToArray());
        Assert.All(g, v => Assert.InRange(v, 0.2f, 0.4f)); // red 255 → luma ≈ 0.3
    }

    [Fact]
    public void ConcurrentCopiesMatchSerialCopies()
    {
        using var dir = MakeFolder();
        var serial = new ImageFolderDataset(dir.Path, 5, 3);
        var cached = new ImageFolderDataset(dir.Path, 5, 3, cache: true);
        var expected = new float[3][];
        for (int i = 0; i < 3; i++)
        {
            expected[i] = new float[45];
            serial.CopySample(i, expected[i], new float[1]);
        }
        Parallel.For(0, 60, k =>
        {
            var input = new float[45];
            var target = new float[1];
            cached.CopySample(k % 3, input, target);
            Assert.Equal(expected[k % 3], input);
            Assert.Equal(cached.LabelOf(k % 3), (int)target[0]);
        });
    }

    [Fact]
    public void BilinearResize_MatchesTorchInterpolate()
    {
        // torch.nn.functional.interpolate(bilinear, align_corners=False); float32 arithmetic on both sides.
        var pixels = Floats("resize_pixels").Select(v => (byte)v).ToArray();
        foreach (var (h, w) in new[] { (3, 4), (8, 11), (5, 7) })
        {
            var dst = new float[3 * h * w];
            BilinearResize.ToPlanar(pixels, 5, 7, 3, dst, h, w);
            AssertClose($"resize_{h}x{w}", dst, 1e-5, 1e-6);
        }
    }

    [Fact]
    public void DecodesJpeg()
    {
        using var dir = new TempFolder();
        dir.Write("a/img.jpg", Convert.FromBase64String(String("jpeg_base64")));
        var ds = new ImageFolderDataset(dir.Path, 16, 16);
        var input = new float[3 * 256];
        var target = new float[1];
        ds.CopySample(0, input, target);
        // Left half (200, 40, 40), right half (30, 60, 220); JPEG is lossy: within 12/255 away from the edge.
        Assert.InRange(input[0 * 256 + 5 * 16 + 2], (200 - 12) / 255f, (200 + 12) / 255f);
        Assert.InRange(input[2 * 256 + 5 * 16 + 13], (220 - 12) / 255f, (220 + 12) / 255f);
    }

    [Fact]
    public void UndecodableImageFailsNamingFile()
    {
        using var dir = new TempFolder();
        dir.Write("a/good.png", Solid(2, 2, 1, 2, 3));
        var bad = dir.Write("a/broken.png", [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3, 4, 5]);
        dir.Write("b/empty.jpg", []);
        var ds = new ImageFolderDataset(dir.Path, 2, 2);
        var input = new float[12];
        var target = new float[1];
        var e = Assert.Throws<DataException>(() => ds.CopySample(0, input, target));
        Assert.Contains(bad, e.Message);
        Assert.Contains("cannot decode", e.Message);
        var e2 = Assert.Throws<DataException>(() => ds.CopySample(2, input, target));
        Assert.Contains("empty.jpg", e2.Message);
        Assert.Contains("0 bytes", e2.Message);
    }

    [Fact]
    public void BadFoldersAndSpans()
    {
        using var dir = new TempFolder();
        Assert.Throws<DataException>(() => new ImageFolderDataset(Path.Combine(dir.Path, "nope"), 2, 2));
        Assert.Contains("no images", Assert.Throws<DataException>(() => new ImageFolderDataset(dir.Path, 2, 2)).Message);
        dir.Write("a/readme.txt", "x");
        var e = Assert.Throws<DataException>(() => new ImageFolderDataset(dir.Path, 2, 2));
        Assert.Contains("class folder", e.Message);
        Assert.Contains(Path.Combine(dir.Path, "a"), e.Message);
        dir.Write("a/p.png", Solid(2, 2, 1, 2, 3));
        var ds = new ImageFolderDataset(dir.Path, 2, 2);
        Assert.Contains("[3, 2, 2]", Assert.Throws<ArgumentException>(() => ds.CopySample(0, new float[5], new float[1])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ds.CopySample(1, new float[12], new float[1]));
    }
}
