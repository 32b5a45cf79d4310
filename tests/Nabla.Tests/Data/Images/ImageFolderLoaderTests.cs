using Nabla.Data;
using Nabla.Data.Images;
using Nabla.Tests.Data.Csv;

namespace Nabla.Tests.Data.Images;

/// <summary>The lazily decoding image reader through the DataLoader's worker threads.</summary>
public class ImageFolderLoaderTests
{
    internal static List<(float[] Inputs, float[] Targets, int[] Shape)> Collect(IDataset ds, int workers)
    {
        var batches = new List<(float[], float[], int[])>();
        using var loader = new DataLoader(ds, 4, shuffle: true, seed: 3, workers: workers);
        foreach (var b in loader) batches.Add((b.Inputs.ToArray(), b.Targets.ToArray(), b.Inputs.Shape.ToArray()));
        return batches;
    }

    [Fact]
    public void ImageFolder_SameBatchesWithAndWithoutWorkers()
    {
        using var dir = new TempFolder();
        var g = new Generator(2);
        for (int i = 0; i < 10; i++)
        {
            var px = new byte[7 * 5 * 3];
            for (int k = 0; k < px.Length; k++) px[k] = (byte)g.NextInt(256);
            dir.Write($"{(i % 2 == 0 ? "even" : "odd")}/{i:D2}.png", PngWriter.Encode(px, 7, 5, 3));
        }
        var ds = new ImageFolderDataset(dir.Path, 4, 6, ColorMode.Rgb, cache: true);
        var serial = Collect(ds, 0);
        var parallel = Collect(ds, 2);
        Assert.Equal(3, serial.Count);
        Assert.Equal([4, 3, 4, 6], serial[0].Shape);
        for (int i = 0; i < serial.Count; i++)
        {
            Assert.Equal(serial[i].Inputs, parallel[i].Inputs);
            Assert.Equal(serial[i].Targets, parallel[i].Targets);
        }
        Assert.All(serial.SelectMany(b => b.Inputs), v => Assert.InRange(v, 0f, 1f));
    }
}
