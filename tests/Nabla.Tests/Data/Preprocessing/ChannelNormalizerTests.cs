using Nabla.Data;
using Nabla.Data.Preprocessing;
using static Nabla.Tests.Data.Preprocessing.PreprocessingFixture;

namespace Nabla.Tests.Data.Preprocessing;

// Tolerance: statistics accumulated in double over float32 pixels, stored as float32: rtol 1e-5.
public class ChannelNormalizerTests
{
    private sealed class ArrayDataset(float[] data, int[] shape, int count) : IDataset
    {
        public int Count => count;
        public ReadOnlySpan<int> InputShape => shape;
        public ReadOnlySpan<int> TargetShape => [];

        public void CopySample(int index, Span<float> input, Span<float> target)
        {
            data.AsSpan(index * input.Length, input.Length).CopyTo(input);
            target[0] = index;
        }
    }

    [Fact]
    public void Fit_MatchesNumPyPerChannelStatistics()
    {
        var images = Floats("images");
        var fromDataset = new ChannelNormalizer().Fit(new ArrayDataset(images, [3, 5, 6], 4));
        AssertClose("channel_mean", fromDataset.Mean, 1e-5, 1e-6);
        AssertClose("channel_std", fromDataset.Std, 1e-5, 1e-6);
        var fromBatch = new ChannelNormalizer().Fit(images, 4, 3);
        Assert.Equal(fromDataset.Mean.ToArray(), fromBatch.Mean.ToArray());
    }

    [Fact]
    public void Apply_NormalizedChannelsHaveZeroMeanUnitStd()
    {
        var images = Floats("images");
        var ds = new ArrayDataset(images, [3, 5, 6], 4);
        var norm = new ChannelNormalizer().Fit(ds);
        var view = norm.Apply(ds);
        var all = new float[images.Length];
        var target = new float[1];
        for (int i = 0; i < 4; i++) view.CopySample(i, all.AsSpan(i * 90, 90), target);
        var again = new ChannelNormalizer().Fit(all, 4, 3);
        foreach (float m in again.Mean) Assert.Equal(0f, m, 5);
        foreach (float s in again.Std) Assert.Equal(1f, s, 4);
    }

    [Fact]
    public void GivenStatistics_AndBadShapes()
    {
        var norm = new ChannelNormalizer([0.5f], [0.25f]);
        var sample = new float[] { 0.5f, 1f, 0f };
        norm.Transform(sample);
        Assert.Equal([0f, 2f, -2f], sample);
        Assert.Throws<ArgumentException>(() => new ChannelNormalizer([0.5f, 0.5f], [1f]));
        Assert.Contains("channels", Assert.Throws<ArgumentException>(() => new ChannelNormalizer([0f, 0f], [1f, 1f]).Transform(new float[3])).Message);
    }
}
