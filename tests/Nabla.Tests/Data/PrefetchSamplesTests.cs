using Nabla.Data;
using Nabla.Data.Idx;

namespace Nabla.Tests.Data;

/// <summary>
/// Prefetching is only a cache hint: IDX datasets and subsets take any index without throwing, and a shuffled
/// loader over a prefetching dataset gives exactly the samples a plain copy gives.
/// </summary>
public sealed class PrefetchSamplesTests
{
    private static IdxDataset Sample() =>
        FashionMnist.Load(FashionMnist.SampleDirectory ?? throw new InvalidOperationException("shipped sample not found"), train: false, flatten: true);

    [Fact]
    public void AnyIndexIsAcceptedAsAHint()
    {
        IPrefetchSamples data = Sample();
        data.PrefetchSample(0);
        data.PrefetchSample(-1);
        data.PrefetchSample(int.MaxValue);
        IPrefetchSamples subset = Subset.Create(Sample(), [3, 1, 2]);
        subset.PrefetchSample(2);
        subset.PrefetchSample(3);
        subset.PrefetchSample(-5);
    }

    [Fact]
    public void ShuffledBatchesHoldTheSamplesTheDatasetCopies()
    {
        var data = Sample();
        using var loader = new DataLoader(data, 64, shuffle: true, seed: 7);
        var expected = new float[784];
        var target = new float[1];
        int checkedSamples = 0;
        foreach (var batch in loader)
        {
            var inputs = batch.Inputs.ToArray();
            for (int j = 0; j < batch.Count; j++)
            {
                data.CopySample(batch.Indices[j], expected, target);
                Assert.Equal(expected, inputs.AsSpan(j * 784, 784).ToArray());
                checkedSamples++;
            }
        }
        Assert.Equal(data.Count, checkedSamples);
    }
}
