using Nabla.Data;
using Nabla.Data.Sampling;

namespace Nabla.Tests.Data.Sampling;

/// <summary>Class weights (scikit-learn's "balanced"), the weighted sampler's balance over many draws, resampling.</summary>
public sealed class SamplingTests
{
    // 90 / 9 / 1 samples of classes 0, 1, 2.
    private static readonly int[] Imbalanced = [.. Enumerable.Repeat(0, 90), .. Enumerable.Repeat(1, 9), 2];

    [Fact]
    public void BalancedWeightsFollowScikitLearn()
    {
        // n_samples / (n_classes * bincount) = 100 / (3 * [90, 9, 1]).
        var w = ClassWeights.Balanced(Imbalanced, 3);
        Assert.Equal([100f / 270f, 100f / 27f, 100f / 3f], w);
        Assert.Equal([90, 9, 1], ClassWeights.Counts(Imbalanced, 3));
        var ex = Assert.Throws<ArgumentException>(() => ClassWeights.Balanced(Imbalanced, 4));
        Assert.Contains("class 3 has no sample among 100", ex.Message);
        Assert.Contains("label 5 at position 0 is outside 0..2", Assert.Throws<ArgumentException>(() => ClassWeights.Counts([5], 3)).Message);
    }

    [Fact]
    public void WeightedSamplerBalancesClassesOverManyDraws()
    {
        var weights = ClassWeights.PerSample(Imbalanced, ClassWeights.Balanced(Imbalanced, 3));
        var sampler = new WeightedRandomSampler(weights, 30000, replacement: true, seed: 1);
        var drawn = new int[30000];
        sampler.Sample(0, drawn);
        var counts = ClassWeights.Counts(drawn.Select(i => Imbalanced[i]).ToArray(), 3);
        // Each class has probability 1/3; 30,000 draws give a standard deviation of ~82, so ±600 is over 7 sigma.
        Assert.All(counts, c => Assert.InRange(c, 9400, 10600));
        var again = new int[30000];
        sampler.Sample(0, again);
        Assert.Equal(drawn, again);
        sampler.Sample(1, again);
        Assert.NotEqual(drawn, again);
    }

    [Fact]
    public void WeightedSamplerFollowsArbitraryWeights()
    {
        var sampler = new WeightedRandomSampler([1.0, 0.0, 3.0, 0.0], 40000, seed: 2);
        var drawn = new int[40000];
        sampler.Sample(0, drawn);
        Assert.DoesNotContain(1, drawn);
        Assert.DoesNotContain(3, drawn);
        Assert.InRange(drawn.Count(i => i == 0), 9400, 10600);
    }

    [Fact]
    public void WithoutReplacementDrawsDistinctIndices()
    {
        var sampler = new WeightedRandomSampler([1.0, 1.0, 0.0, 5.0, 2.0], 4, replacement: false, seed: 3);
        var drawn = new int[4];
        sampler.Sample(0, drawn);
        Assert.Equal([0, 1, 3, 4], drawn.Order());
        // The heaviest index comes first most often.
        int first = 0;
        for (int e = 0; e < 2000; e++)
        {
            sampler.Sample(e, drawn);
            if (drawn[0] == 3) first++;
        }
        Assert.InRange(first, 1000, 1250); // P = 5/9 ≈ 0.556 → 1111 expected
        Assert.Contains("cannot draw 5 indices without replacement from 4 with a positive weight",
            Assert.Throws<ArgumentException>(() => new WeightedRandomSampler([1.0, 1.0, 0.0, 5.0, 2.0], 5, replacement: false)).Message);
    }

    [Fact]
    public void BalancedSamplerThroughTheLoader()
    {
        var labels = Tensor.FromArray(Imbalanced.Select(l => (float)l).ToArray());
        var data = new LabeledTensorDataset(Tensor.Zeros(100, 2), labels, 3);
        using var loader = new DataLoader(data, 50, sampler: WeightedRandomSampler.Balanced(data, seed: 4));
        var counts = new int[3];
        for (int epoch = 0; epoch < 60; epoch++)
            foreach (var b in loader)
                foreach (float y in b.Targets.ToArray()) counts[(int)y]++;
        Assert.All(counts, c => Assert.InRange(c, 1800, 2200));
    }

    [Fact]
    public void OverSamplingMatchesTheLargestClass()
    {
        var idx = RandomOverSampler.Indices(Imbalanced, 3, seed: 5);
        Assert.Equal(270, idx.Length);
        Assert.Equal([90, 90, 90], ClassWeights.Counts(idx.Select(i => Imbalanced[i]).ToArray(), 3));
        Assert.Equal(Enumerable.Range(0, 100), idx.Distinct());
        Assert.Equal(idx.Order(), idx);
    }

    [Fact]
    public void UnderSamplingMatchesTheSmallestClass()
    {
        int[] labels = [.. Enumerable.Repeat(0, 50), .. Enumerable.Repeat(1, 20), .. Enumerable.Repeat(2, 5)];
        var idx = RandomUnderSampler.Indices(labels, 3, seed: 6);
        Assert.Equal([5, 5, 5], ClassWeights.Counts(idx.Select(i => labels[i]).ToArray(), 3));
        Assert.Equal(15, idx.Distinct().Count());
        Assert.NotEqual(RandomUnderSampler.Indices(labels, 3, seed: 7), idx);
    }
}
