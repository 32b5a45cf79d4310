using Nabla.Data.Augment;

namespace Nabla.Tests.Data.Augment;

/// <summary>MixUp and CutMix: soft targets summing to 1, inputs mixed with the predecessor, determinism.</summary>
public sealed class BatchTransformTests
{
    private const int Count = 5, Classes = 4;
    private static readonly int[] Shape = [1, 4, 4];

    private static float[] Inputs()
    {
        var x = new float[Count * 16];
        for (int i = 0; i < Count; i++) x.AsSpan(i * 16, 16).Fill(i + 1);
        return x;
    }

    private static readonly float[] Labels = [0, 1, 2, 3, 1];

    [Theory]
    [InlineData("mixup")]
    [InlineData("cutmix")]
    public void SoftTargetsSumToOneAndFollowTheInputs(string kind)
    {
        IBatchTransform t = kind == "mixup" ? new MixUp(Classes, 0.4) : new CutMix(Classes, 1.0);
        Assert.Equal([Classes], t.TargetShape([]));
        for (ulong s = 0; s < 20; s++)
        {
            var x = Inputs();
            var y = new float[Count * Classes];
            t.Apply(x, Shape, Count, Labels, [], y, new float[16], new Generator(s));
            for (int i = 0; i < Count; i++)
            {
                var row = y.AsSpan(i * Classes, Classes);
                Assert.Equal(1f, row.ToArray().Sum(), 5);
                int partner = i == 0 ? Count - 1 : i - 1;
                // The mean pixel of sample i is λ·(i + 1) + (1 − λ)·(partner + 1) with λ the weight of its own label.
                float own = row[(int)Labels[i]] - (Labels[i] == Labels[partner] ? 1 - row[(int)Labels[i]] : 0);
                float lambda = Labels[i] == Labels[partner] ? 1 : own;
                if (Labels[i] != Labels[partner])
                    Assert.Equal(lambda * (i + 1) + (1 - lambda) * (partner + 1), x.AsSpan(i * 16, 16).ToArray().Average(), 4);
            }
        }
    }

    [Fact]
    public void MixUpIsDeterministicUnderASeed()
    {
        var t = new MixUp(Classes);
        var x1 = Inputs(); var y1 = new float[Count * Classes];
        var x2 = Inputs(); var y2 = new float[Count * Classes];
        t.Apply(x1, Shape, Count, Labels, [], y1, new float[16], new Generator(3));
        t.Apply(x2, Shape, Count, Labels, [], y2, new float[16], new Generator(3));
        Assert.Equal(x1, x2);
        Assert.Equal(y1, y2);
    }

    [Fact]
    public void OneHotTargetsAreMixedAsIs()
    {
        var t = new MixUp(2);
        float[] soft = [0.25f, 0.75f, 1f, 0f];
        var y = new float[4];
        var x = new float[2 * 16];
        t.Apply(x, Shape, 2, soft, [2], y, new float[16], new Generator(1));
        Assert.Equal(1f, y[0] + y[1], 6);
        Assert.Equal(1f, y[2] + y[3], 6);
        var ex = Assert.Throws<ArgumentException>(() => t.TargetShape([3]));
        Assert.Contains("MixUp: targets must be class indices (shape []) or probabilities over 2 classes (shape [2]), got target shape [3]", ex.Message);
    }

    [Fact]
    public void RandomChoiceUsesBothAndChecksShapes()
    {
        var choice = new RandomBatchChoice(new MixUp(Classes), new CutMix(Classes));
        Assert.Equal([Classes], choice.TargetShape([]));
        var results = new HashSet<string>();
        for (ulong s = 0; s < 20; s++)
        {
            var x = Inputs();
            var y = new float[Count * Classes];
            choice.Apply(x, Shape, Count, Labels, [], y, new float[16], new Generator(s));
            // CutMix pastes whole pixels (each pixel keeps one sample's value); MixUp blends every pixel.
            results.Add(x.AsSpan(16, 16).ToArray().All(v => v == 1f || v == 2f) ? "cutmix" : "mixup");
        }
        Assert.Equal(2, results.Count);
        var ex = Assert.Throws<ArgumentException>(() => new RandomBatchChoice(new MixUp(3), new CutMix(4)).TargetShape([]));
        Assert.Contains("RandomBatchChoice: CutMix makes targets [4] but MixUp makes [3]", ex.Message);
    }

    [Fact]
    public void BadLabelIsReported()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new CutMix(3).Apply(new float[2 * 16], Shape, 2, [0f, 3f], [], new float[6], new float[16], new Generator(0)));
        Assert.Contains("CutMix: target 3 of batch sample 1 is not a class index in 0..2", ex.Message);
    }
}
