using Nabla.Data.Augment;

namespace Nabla.Tests.Data.Augment;

/// <summary>Invariants of the per-sample augmentations: shapes, value ranges, determinism under a seed, identities.</summary>
public sealed class AugmentationTests
{
    private static readonly int[] Shape = [2, 6, 5];

    private static float[] Image(int seed = 1)
    {
        var rng = new Generator((ulong)seed);
        var x = new float[2 * 6 * 5];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextFloat();
        return x;
    }

    public static TheoryData<string> All() =>
    [
        "crop", "crop_reflect", "crop_edge", "hflip", "vflip", "rotation", "affine", "resized_crop", "jitter", "erasing",
        "noise", "trivial", "compose",
    ];

    private static IAugmentation Make(string name) => name switch
    {
        "crop" => new RandomCrop(2),
        "crop_reflect" => new RandomCrop(2, FillMode.Reflect),
        "crop_edge" => new RandomCrop(3, FillMode.Edge),
        "hflip" => new RandomHorizontalFlip(),
        "vflip" => new RandomVerticalFlip(),
        "rotation" => new RandomRotation(30),
        "affine" => new RandomAffine(15, 0.1, 0.1, 0.9, 1.1, 10),
        "resized_crop" => new RandomResizedCrop(),
        "jitter" => new ColorJitter(0.4, 0.4),
        "erasing" => new RandomErasing(p: 1),
        "noise" => new GaussianNoise(0.1),
        "trivial" => new TrivialAugmentWide(),
        "compose" => new Compose(new RandomCrop(1), new RandomApply(new RandomHorizontalFlip(1), 0.5), new GaussianNoise(0.05)),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(All))]
    public void DeterministicUnderASeedAndKeepsValuesInTheUnitRange(string name)
    {
        var aug = Make(name);
        bool changedSomewhere = false;
        for (int s = 0; s < 20; s++)
        {
            var a = Image();
            var b = Image();
            aug.Apply(a, Shape, new Generator((ulong)s));
            aug.Apply(b, Shape, new Generator((ulong)s));
            Assert.Equal(a, b);
            foreach (float v in a) Assert.InRange(v, 0f, 1f);
            changedSomewhere |= !a.AsSpan().SequenceEqual(Image());
        }
        Assert.True(changedSomewhere, $"{name} never changed the image in 20 draws");
    }

    [Fact]
    public void TrivialAugmentRunsEveryOperationOnColourImages()
    {
        // 300 draws over 14 operations reach each one (the chance of missing one is below 1e-8).
        var aug = new TrivialAugmentWide();
        var rng = new Generator(9);
        var distinct = new HashSet<string>();
        for (ulong s = 0; s < 300; s++)
        {
            var x = new float[3 * 8 * 8];
            for (int i = 0; i < x.Length; i++) x[i] = rng.NextFloat();
            aug.Apply(x, [3, 8, 8], new Generator(s));
            Assert.All(x, v => Assert.InRange(v, 0f, 1f));
            distinct.Add(string.Join(",", x.Take(4)));
        }
        Assert.True(distinct.Count > 250);
    }

    [Fact]
    public void FlippingTwiceIsTheIdentity()
    {
        foreach (IAugmentation flip in new IAugmentation[] { new RandomHorizontalFlip(1), new RandomVerticalFlip(1) })
        {
            var x = Image();
            flip.Apply(x, Shape, new Generator(1));
            Assert.NotEqual(Image(), x);
            flip.Apply(x, Shape, new Generator(2));
            Assert.Equal(Image(), x);
        }
    }

    [Fact]
    public void HorizontalFlipMirrorsEachRow()
    {
        float[] x = [1, 2, 3, 4, 5, 6];
        new RandomHorizontalFlip(1).Apply(x, [1, 2, 3], new Generator(0));
        Assert.Equal([3f, 2f, 1f, 6f, 5f, 4f], x);
        float[] y = [1, 2, 3, 4, 5, 6];
        new RandomVerticalFlip(1).Apply(y, [3, 2], new Generator(0));
        Assert.Equal([5f, 6f, 3f, 4f, 1f, 2f], y);
    }

    [Fact]
    public void ProbabilityZeroChangesNothing()
    {
        foreach (IAugmentation aug in new IAugmentation[]
                 { new RandomHorizontalFlip(0), new RandomVerticalFlip(0), new RandomErasing(p: 0), new RandomApply(new GaussianNoise(1), 0) })
        {
            var x = Image();
            aug.Apply(x, Shape, new Generator(3));
            Assert.Equal(Image(), x);
        }
    }

    [Fact]
    public void IdentitySettingsChangeNothing()
    {
        foreach (IAugmentation aug in new IAugmentation[]
                 { new RandomCrop(0), new RandomRotation(0), new RandomAffine(), new RandomResizedCrop(1, 1, 5.0 / 6, 5.0 / 6), new ColorJitter(), new GaussianNoise(0) })
        {
            var x = Image();
            aug.Apply(x, Shape, new Generator(5));
            Assert.Equal(Image(), x);
        }
    }

    [Fact]
    public void RandomCropShiftsByAtMostThePadding()
    {
        // A single bright pixel moves by (dy, dx) with |dy|, |dx| ≤ padding, or leaves the window.
        for (int s = 0; s < 50; s++)
        {
            var x = new float[9 * 9];
            x[4 * 9 + 4] = 1;
            new RandomCrop(2).Apply(x, [1, 9, 9], new Generator((ulong)s));
            int at = Array.IndexOf(x, 1f);
            Assert.Equal(1f, x.Sum());
            Assert.InRange(Math.Abs(at / 9 - 4), 0, 2);
            Assert.InRange(Math.Abs(at % 9 - 4), 0, 2);
        }
    }

    [Fact]
    public void ReflectPaddingMirrorsWithoutRepeatingTheEdge()
    {
        // Rows 0 1 2 3 4 shifted right by 2 with reflect padding read 2 1 0 1 2 (the row shift does not matter).
        for (ulong s = 0; ; s++)
        {
            var x = Enumerable.Range(0, 25).Select(i => (float)(i % 5)).ToArray();
            var rng = new Generator(s);
            rng.NextInt(5);
            if (rng.NextInt(5) - 2 != -2) continue;
            new RandomCrop(2, FillMode.Reflect).Apply(x, [1, 5, 5], new Generator(s));
            Assert.Equal([2f, 1f, 0f, 1f, 2f], x.Take(5));
            return;
        }
    }

    [Fact]
    public void ErasingWritesTheValueIntoOneBox()
    {
        var x = Enumerable.Repeat(0.5f, 2 * 10 * 10).ToArray();
        new RandomErasing(p: 1, value: 0f).Apply(x, [2, 10, 10], new Generator(7));
        int erased = x.Count(v => v == 0f);
        Assert.InRange(erased, 2 * 2, 2 * 33);
        Assert.Equal(x.Take(100).Select(v => v == 0f), x.Skip(100).Select(v => v == 0f));
    }

    [Fact]
    public void GaussianNoiseHasTheRequestedSpread()
    {
        var x = Enumerable.Repeat(0f, 20000).ToArray();
        new GaussianNoise(0.2, clip: false).Apply(x, [20000], new Generator(1));
        double mean = x.Average(), std = Math.Sqrt(x.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(std, 0.19, 0.21);
    }

    [Fact]
    public void NormalizeIsPerChannel()
    {
        float[] x = [1, 3, 10, 14];
        new Normalize([2f, 12f], [1f, 2f]).Apply(x, [2, 1, 2], new Generator(0));
        Assert.Equal([-1f, 1f, -1f, 1f], x);
        var ex = Assert.Throws<ArgumentException>(() => new Normalize([0f, 0f], [1f, 1f]).Apply(new float[12], [3, 2, 2], new Generator(0)));
        Assert.Contains("2 means/stds given for an image of 3 channels", ex.Message);
    }

    [Fact]
    public void ContrastKeepsTheMeanGrey()
    {
        var x = Image();
        float before = ColorJitter.MeanGrey(x, 2);
        ColorJitter.AdjustContrast(x, 2, 0.5f);
        Assert.Equal(before, ColorJitter.MeanGrey(x, 2), 5);
    }

    [Fact]
    public void FlattenedSamplesAreRejectedWithAHint()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RandomCrop(2).Apply(new float[784], [784], new Generator(0)));
        Assert.Contains("RandomCrop: expects an image sample [C, H, W] or [H, W], got shape [784]", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RandomHorizontalFlip(1.5));
    }

    [Fact]
    public void BetaDrawsHaveTheRightMoments()
    {
        var rng = new Generator(11);
        foreach (var (a, b) in new[] { (0.2, 0.2), (1.0, 1.0), (2.0, 5.0) })
        {
            var draws = Enumerable.Range(0, 40000).Select(_ => RandomVariates.Beta(rng, a, b)).ToArray();
            double mean = draws.Average(), variance = draws.Select(d => (d - mean) * (d - mean)).Average();
            double expectedMean = a / (a + b), expectedVariance = a * b / ((a + b) * (a + b) * (a + b + 1));
            Assert.InRange(mean, expectedMean - 0.01, expectedMean + 0.01);
            Assert.InRange(variance, expectedVariance * 0.95, expectedVariance * 1.05);
            Assert.All(draws, d => Assert.InRange(d, 0.0, 1.0));
        }
    }
}
