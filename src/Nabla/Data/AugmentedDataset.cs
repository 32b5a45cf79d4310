using Nabla.Data.Augment;

namespace Nabla.Data;

/// <summary>
/// Another dataset with a per-sample augmentation applied to each input as it is copied. The random draws for
/// sample i come from a generator seeded by (<see cref="Seed"/>, <see cref="Epoch"/>, i), so a sample looks the
/// same every time it is read within an epoch, on any thread; advance <see cref="Epoch"/> for new draws.
/// Made by <see cref="Create"/>, which keeps the labels when the source has them. (A <see cref="DataLoader"/>
/// given the augmentation directly derives the draws from its own epoch counter instead.)
/// </summary>
public class AugmentedDataset : IDataset
{
    [ThreadStatic] private static Generator? t_rng;

    private protected AugmentedDataset(IDataset source, IAugmentation augmentation, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(augmentation);
        Source = source;
        Augmentation = augmentation;
        Seed = seed;
    }

    /// <summary>Wraps <paramref name="source"/>; a labeled wrapper when the source is labeled.</summary>
    public static AugmentedDataset Create(IDataset source, IAugmentation augmentation, ulong seed = 0) =>
        source is ILabeledDataset labeled
            ? new LabeledAugmentedDataset(labeled, augmentation, seed)
            : new AugmentedDataset(source, augmentation, seed);

    /// <summary>The dataset whose samples are augmented.</summary>
    public IDataset Source { get; }

    /// <summary>The augmentation applied to every input.</summary>
    public IAugmentation Augmentation { get; }

    /// <summary>The seed of the augmentation draws.</summary>
    public ulong Seed { get; }

    /// <summary>The epoch mixed into the draws; set it at the start of each epoch.</summary>
    public int Epoch { get; set; }

    /// <inheritdoc/>
    public int Count => Source.Count;

    /// <inheritdoc/>
    public ReadOnlySpan<int> InputShape => Source.InputShape;

    /// <inheritdoc/>
    public ReadOnlySpan<int> TargetShape => Source.TargetShape;

    /// <inheritdoc/>
    public void CopySample(int index, Span<float> input, Span<float> target)
    {
        Source.CopySample(index, input, target);
        var rng = t_rng ??= new Generator(0);
        rng.Reseed(SampleSeeds.Derive(Seed, Epoch, index));
        Augmentation.Apply(input, Source.InputShape, rng);
    }
}

/// <summary>An <see cref="AugmentedDataset"/> over a labeled dataset; labels are read from the source.</summary>
public sealed class LabeledAugmentedDataset : AugmentedDataset, ILabeledDataset
{
    private readonly ILabeledDataset _labeled;

    /// <summary>Wraps a labeled dataset.</summary>
    public LabeledAugmentedDataset(ILabeledDataset source, IAugmentation augmentation, ulong seed = 0)
        : base(source, augmentation, seed) => _labeled = source;

    /// <inheritdoc/>
    public int ClassCount => _labeled.ClassCount;

    /// <inheritdoc/>
    public int LabelOf(int index) => _labeled.LabelOf(index);
}
