namespace Nabla.Data.Sampling;

/// <summary>
/// Visits a fixed list of dataset indices each epoch (repeats allowed), in order or shuffled per epoch with a
/// seed — PyTorch's <c>SubsetRandomSampler</c> when shuffled. Use it with the output of
/// <see cref="RandomOverSampler"/> or <see cref="RandomUnderSampler"/>.
/// </summary>
public sealed class IndexSampler : ISampler
{
    private readonly int[] _indices;
    private readonly Generator _rng = new(0);

    /// <summary>Creates the sampler.</summary>
    public IndexSampler(ReadOnlySpan<int> indices, bool shuffle = true, ulong seed = 0)
    {
        _indices = indices.ToArray();
        Shuffle = shuffle;
        Seed = seed;
    }

    /// <inheritdoc/>
    public int Length => _indices.Length;

    /// <summary>Whether each epoch visits the indices in a new random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Seed of the shuffling.</summary>
    public ulong Seed { get; }

    /// <inheritdoc/>
    public void Sample(int epoch, Span<int> indices)
    {
        if (indices.Length != Length)
            throw new ArgumentException($"IndexSampler: destination holds {indices.Length} indices, expected {Length}");
        _indices.CopyTo(indices);
        if (!Shuffle) return;
        lock (_rng)
        {
            _rng.Reseed(SampleSeeds.Derive(Seed, epoch, 0, SampleSeeds.ShuffleStream));
            _rng.Shuffle(indices);
        }
    }
}
