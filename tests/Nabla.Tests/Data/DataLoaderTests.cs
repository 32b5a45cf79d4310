using Nabla.Data;
using Nabla.Data.Augment;
using Nabla.Data.Sampling;

namespace Nabla.Tests.Data;

/// <summary>The loader: batching, drop-last, shuffling per epoch, determinism across worker counts, errors, reuse.</summary>
public sealed class DataLoaderTests
{
    private const int N = 37;

    private static LabeledTensorDataset Dataset()
    {
        var x = new float[N * 36];
        for (int i = 0; i < x.Length; i++) x[i] = (i % 36) / 36f * 0.5f + (i / 36) / (float)N * 0.5f;
        var y = Enumerable.Range(0, N).Select(i => (float)(i % 3)).ToArray();
        return new LabeledTensorDataset(Tensor.FromArray(x, N, 1, 6, 6), Tensor.FromArray(y, N), 3);
    }

    private static List<(float[] X, float[] Y, int[] Indices)> Epoch(DataLoader loader)
    {
        var batches = new List<(float[], float[], int[])>();
        foreach (var b in loader) batches.Add((b.Inputs.ToArray(), b.Targets.ToArray(), b.Indices.ToArray()));
        return batches;
    }

    [Fact]
    public void BatchesCoverTheDatasetInOrder()
    {
        using var loader = new DataLoader(Dataset(), 8);
        var batches = Epoch(loader);
        Assert.Equal(5, loader.BatchCount);
        Assert.Equal([8, 8, 8, 8, 5], batches.Select(b => b.Indices.Length));
        Assert.Equal(Enumerable.Range(0, N), batches.SelectMany(b => b.Indices));
        Assert.Equal(Enumerable.Range(0, N).Select(i => (float)(i % 3)), batches.SelectMany(b => b.Y));
        var first = Dataset();
        var sample = new float[36];
        var target = new float[1];
        first.CopySample(9, sample, target);
        Assert.Equal(sample, batches[1].X.AsSpan(36, 36).ToArray());
    }

    [Fact]
    public void BatchTensorsHaveTheBatchShape()
    {
        using var loader = new DataLoader(Dataset(), 8);
        using var e = loader.GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.Equal([8, 1, 6, 6], e.Current.Inputs.Shape.ToArray());
        Assert.Equal([8], e.Current.Targets.Shape.ToArray());
        Assert.Equal(0, e.Current.Index);
        while (e.MoveNext()) { }
        Assert.False(e.MoveNext());
    }

    [Fact]
    public void DropLastSkipsTheShortBatch()
    {
        using var loader = new DataLoader(Dataset(), 8, dropLast: true);
        var batches = Epoch(loader);
        Assert.Equal(4, batches.Count);
        Assert.All(batches, b => Assert.Equal(8, b.Indices.Length));
    }

    [Fact]
    public void ShuffleDiffersPerEpochButIsReproducible()
    {
        using var a = new DataLoader(Dataset(), 8, shuffle: true, seed: 42);
        using var b = new DataLoader(Dataset(), 8, shuffle: true, seed: 42);
        var a0 = Epoch(a).SelectMany(x => x.Indices).ToArray();
        var a1 = Epoch(a).SelectMany(x => x.Indices).ToArray();
        var b0 = Epoch(b).SelectMany(x => x.Indices).ToArray();
        Assert.Equal(a0, b0);
        Assert.NotEqual(a0, a1);
        Assert.Equal(Enumerable.Range(0, N), a0.Order());
        Assert.Equal(Enumerable.Range(0, N), a1.Order());
        b.SetEpoch(1);
        Assert.Equal(a1, Epoch(b).SelectMany(x => x.Indices));
        Assert.Equal(2, b.Epoch);
    }

    public static TheoryData<int> WorkerCounts() => [1, 2, 3];

    [Theory]
    [MemberData(nameof(WorkerCounts))]
    public void SameBatchesBitForBitWhateverTheWorkerCount(int workers)
    {
        var aug = new Compose(new RandomCrop(2), new RandomHorizontalFlip(), new GaussianNoise(0.05));
        using var reference = new DataLoader(Dataset(), 6, shuffle: true, seed: 7, augmentation: aug, batchTransform: new MixUp(3), workers: 0);
        using var threaded = new DataLoader(Dataset(), 6, shuffle: true, seed: 7, augmentation: aug, batchTransform: new MixUp(3),
                                            workers: workers, prefetch: 1);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var expected = Epoch(reference);
            var actual = Epoch(threaded);
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Indices, actual[i].Indices);
                Assert.Equal(expected[i].X, actual[i].X);
                Assert.Equal(expected[i].Y, actual[i].Y);
            }
        }
    }

    [Fact]
    public void AugmentationDiffersBetweenEpochs()
    {
        using var loader = new DataLoader(Dataset(), 37, seed: 1, augmentation: new GaussianNoise(0.1));
        var e0 = Epoch(loader)[0].X;
        var e1 = Epoch(loader)[0].X;
        Assert.NotEqual(e0, e1);
    }

    [Fact]
    public void MixUpTargetsAreSoftRowsThatSumToOne()
    {
        using var loader = new DataLoader(Dataset(), 8, seed: 3, batchTransform: new CutMix(3), workers: 2);
        foreach (var b in loader)
        {
            Assert.Equal([b.Count, 3], b.Targets.Shape.ToArray());
            var sums = b.Targets.Sum(1).ToArray();
            Assert.All(sums, s => Assert.Equal(1f, s, 5));
        }
    }

    [Fact]
    public void SamplerChoosesTheIndices()
    {
        using var loader = new DataLoader(Dataset(), 4, sampler: new IndexSampler([5, 5, 1, 36], shuffle: false));
        Assert.Equal([5, 5, 1, 36], Epoch(loader).Single().Indices);
        Assert.Throws<ArgumentException>(() => new DataLoader(Dataset(), 4, shuffle: true, sampler: new IndexSampler([1])));
        using var bad = new DataLoader(Dataset(), 4, sampler: new IndexSampler([40], shuffle: false));
        var ex = Assert.Throws<InvalidOperationException>(() => Epoch(bad));
        Assert.Contains("sampler IndexSampler gave index 40 at position 0, outside the dataset's 0..36", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void FailingSampleSurfacesOnTheConsumerWithItsIndex(int workers)
    {
        using var loader = new DataLoader(new Failing(Dataset(), 21), 8, workers: workers);
        using var e = loader.GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.True(e.MoveNext());
        var ex = Assert.Throws<DataException>(() => e.MoveNext());
        Assert.Contains("DataLoader: sample 21 (position 21 of epoch 0, batch 2) failed: broken sample 21", ex.Message);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
    }

    [Fact]
    public void OnlyOneEnumerationAtATime()
    {
        using var loader = new DataLoader(Dataset(), 8, workers: 1);
        using (var e = loader.GetEnumerator())
        {
            e.MoveNext();
            var ex = Assert.Throws<InvalidOperationException>(() => loader.GetEnumerator());
            Assert.Contains("an enumeration is still running", ex.Message);
        }
        Assert.Equal(5, Epoch(loader).Count);
        loader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => loader.GetEnumerator());
    }

    [Fact]
    public void BreakingOutStopsTheWorkers()
    {
        using var loader = new DataLoader(Dataset(), 2, workers: 2, augmentation: new GaussianNoise(0.1), seed: 1);
        foreach (var b in loader) if (b.Index == 1) break;
        Assert.Equal(19, Epoch(loader).Count);
    }

    [Fact]
    public void SteadyStateIterationAllocatesAlmostNothing()
    {
        var data = Dataset();
        using var loader = new DataLoader(data, 4, shuffle: true, seed: 1, augmentation: new RandomCrop(1), batchTransform: new MixUp(3));
        Epoch(loader);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int batches = 0;
        for (int epoch = 0; epoch < 10; epoch++)
            foreach (var b in loader) batches += b.Count > 0 ? 1 : 0;
        long perEpoch = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;
        Assert.Equal(100, batches);
        // One enumerator, generator and scratch buffer per epoch; nothing per batch or per sample.
        Assert.True(perEpoch < 1024, $"{perEpoch} bytes allocated per epoch of 10 batches");
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Contains("batch size must be at least 1, got 0",
            Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Dataset(), 0)).Message);
        Assert.Contains("workers must be 0 or more, got -1",
            Assert.Throws<ArgumentOutOfRangeException>(() => new DataLoader(Dataset(), 1, workers: -1)).Message);
    }

    private sealed class Failing(IDataset inner, int bad) : IDataset
    {
        public int Count => inner.Count;
        public ReadOnlySpan<int> InputShape => inner.InputShape;
        public ReadOnlySpan<int> TargetShape => inner.TargetShape;

        public void CopySample(int index, Span<float> input, Span<float> target)
        {
            if (index == bad) throw new InvalidOperationException($"broken sample {index}");
            inner.CopySample(index, input, target);
        }
    }
}
