using Nabla.Data;
using Nabla.Data.Text;

namespace Nabla.Tests.Data.Text;

public class PaddingTests
{
    [Fact]
    public void PadOrTruncate_PreAndPost()
    {
        int[] ids = [5, 6, 7];
        Assert.Equal([5, 6, 7, 0, 0], Padding.PadOrTruncate(ids, 5, 0));
        Assert.Equal([0, 0, 5, 6, 7], Padding.PadOrTruncate(ids, 5, 0, SequenceEnd.Pre));
        Assert.Equal([5, 6], Padding.PadOrTruncate(ids, 2, 0));
        Assert.Equal([6, 7], Padding.PadOrTruncate(ids, 2, 0, truncating: SequenceEnd.Pre));
        Assert.Equal([5, 6, 7], Padding.PadOrTruncate(ids, 3, 0));
    }

    [Fact]
    public void LengthBuckets_CoverEveryIndexOnceWithSimilarLengths()
    {
        var g = new Generator(11);
        var lengths = new int[103];
        for (int i = 0; i < lengths.Length; i++) lengths[i] = 1 + g.NextInt(50);
        var batches = LengthBuckets.Batches(lengths, 8, new Generator(1), poolFactor: 4);
        var all = batches.SelectMany(b => b).OrderBy(i => i).ToArray();
        Assert.Equal(Enumerable.Range(0, 103), all);
        Assert.All(batches, b => Assert.InRange(b.Length, 1, 8));
        // Sorted pools: the spread inside a batch is far below the global spread.
        double meanSpread = batches.Average(b => b.Max(i => lengths[i]) - b.Min(i => lengths[i]));
        Assert.True(meanSpread < 15, $"mean spread {meanSpread}");
        var again = LengthBuckets.Batches(lengths, 8, new Generator(1), poolFactor: 4);
        Assert.Equal(batches.Length, again.Length);
        for (int i = 0; i < batches.Length; i++) Assert.Equal(batches[i], again[i]);
    }

    [Fact]
    public void LengthBuckets_WithoutGeneratorSortsGlobally()
    {
        var batches = LengthBuckets.Batches([5, 1, 4, 2, 3], 2);
        Assert.Equal([[1, 3], [4, 2], [0]], batches);
    }
}
