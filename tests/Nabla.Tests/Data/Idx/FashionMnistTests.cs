using Nabla.Data;
using Nabla.Data.Idx;
using Nabla.Data.Sampling;

namespace Nabla.Tests.Data.Idx;

/// <summary>Finding and reading Fashion-MNIST, on the sample shipped in data/fashion-mnist-sample.</summary>
public sealed class FashionMnistTests
{
    private static string Sample => FashionMnist.SampleDirectory ?? throw new InvalidOperationException("shipped sample not found");

    [Fact]
    public void ShippedSampleLoadsBalancedAndScaled()
    {
        var train = FashionMnist.Load(Sample);
        var test = FashionMnist.Load(Sample, train: false, flatten: true);
        Assert.Equal(DataSource.GivenDirectory, train.Source);
        Assert.Equal(3000, train.Count);
        Assert.Equal(1000, test.Count);
        Assert.Equal([1, 28, 28], train.InputShape.ToArray());
        Assert.Equal([784], test.InputShape.ToArray());
        Assert.Equal(10, train.ClassCount);
        Assert.Equal("Ankle boot", train.ClassNames[9]);
        Assert.All(ClassWeights.Counts(ClassWeights.Labels(train), 10), c => Assert.Equal(300, c));
        Assert.All(ClassWeights.Counts(ClassWeights.Labels(test), 10), c => Assert.Equal(100, c));
        var x = new float[784];
        var y = new float[1];
        float max = 0;
        for (int i = 0; i < 50; i++)
        {
            train.CopySample(i, x, y);
            Assert.All(x, v => Assert.InRange(v, 0f, 1f));
            max = Math.Max(max, x.Max());
            Assert.Equal(train.LabelOf(i), (int)y[0]);
        }
        Assert.Equal(1f, max);
    }

    [Fact]
    public void SampleDirectoryIsFoundByWalkingUp()
    {
        Assert.EndsWith(Path.Combine("data", "fashion-mnist-sample"), Sample);
        Assert.True(File.Exists(Path.Combine(Sample, "train-images-idx3-ubyte.gz")));
    }

    [Fact]
    public void DefaultSearchFindsSomeSource()
    {
        var (dir, source) = FashionMnist.Locate(train: false);
        Assert.True(Directory.Exists(dir));
        Assert.NotEqual(DataSource.GivenDirectory, source);
    }

    [Fact]
    public void EnvironmentVariableComesBeforeTheSystemPackage()
    {
        var root = Directory.CreateTempSubdirectory("nabla-env-").FullName;
        string? saved = Environment.GetEnvironmentVariable("NABLA_DATA");
        try
        {
            var dir = Directory.CreateDirectory(Path.Combine(root, "fashion-mnist")).FullName;
            foreach (var name in new[] { "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
                File.Copy(Path.Combine(Sample, name), Path.Combine(dir, name));
            Environment.SetEnvironmentVariable("NABLA_DATA", root);
            var test = FashionMnist.Load(train: false);
            Assert.Equal(DataSource.EnvironmentVariable, test.Source);
            Assert.Equal(1000, test.Count);
            Assert.NotEqual(DataSource.EnvironmentVariable, FashionMnist.Locate(train: true).Source);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NABLA_DATA", saved);
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void GivenDirectoryWithoutFilesIsAnError()
    {
        var dir = Directory.CreateTempSubdirectory("nabla-empty-").FullName;
        try
        {
            var ex = Assert.Throws<DataException>(() => FashionMnist.Load(dir));
            Assert.Equal($"{dir}: no Fashion-MNIST training files here; expected train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz]", ex.Message);
        }
        finally
        {
            Directory.Delete(dir);
        }
    }

    [Fact]
    public void LoaderRunsOverTheSample()
    {
        using var loader = new DataLoader(FashionMnist.Load(Sample, train: false), 128, shuffle: true, seed: 0, workers: 2);
        int seen = 0;
        foreach (var b in loader)
        {
            Assert.Equal([b.Count, 1, 28, 28], b.Inputs.Shape.ToArray());
            seen += b.Count;
        }
        Assert.Equal(1000, seen);
    }
}
