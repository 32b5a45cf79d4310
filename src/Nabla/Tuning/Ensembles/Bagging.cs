using Nabla.Data;
using Nabla.Training;

namespace Nabla.Tuning.Ensembles;

/// <summary>One bagged member: its trainer, the bootstrap indices it was trained on, and its out-of-bag indices.</summary>
/// <param name="Trainer">The trained member.</param>
/// <param name="Indices">The bootstrap sample (n draws with replacement), ascending.</param>
/// <param name="OutOfBag">Indices never drawn (about n/e of them), usable as the member's validation data.</param>
public sealed record BaggedMember(Trainer Trainer, int[] Indices, int[] OutOfBag);

/// <summary>
/// Bagging (Breiman, 1996): each member trains on its own bootstrap resample — n indices drawn uniformly with
/// replacement from the n samples — so the members' errors decorrelate; their average is then an
/// <see cref="Ensemble"/>. Member m draws from a generator seeded by (seed, m).
/// </summary>
public static class Bagging
{
    /// <summary>A bootstrap sample of <paramref name="count"/> indices (with replacement), sorted ascending.</summary>
    public static int[] BootstrapIndices(int count, Generator rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (count < 1)
            throw new ArgumentOutOfRangeException(nameof(count), $"Bagging: need at least one sample, got {count}");
        var indices = new int[count];
        for (int i = 0; i < count; i++)
            indices[i] = rng.NextInt(count);
        Array.Sort(indices);
        return indices;
    }

    /// <summary>The indices of 0..count−1 that do not occur in the sorted <paramref name="bootstrap"/>.</summary>
    public static int[] OutOfBag(int count, ReadOnlySpan<int> bootstrap)
    {
        var seen = new bool[count];
        foreach (int i in bootstrap)
            seen[i] = true;
        var result = new List<int>();
        for (int i = 0; i < count; i++)
            if (!seen[i])
                result.Add(i);
        return [.. result];
    }

    /// <summary>
    /// Trains <paramref name="members"/> trainers from <paramref name="trainerFactory"/> (called with the member number),
    /// each on a bootstrap resample of <paramref name="data"/> with <paramref name="options"/>.
    /// </summary>
    public static IReadOnlyList<BaggedMember> Train(IDataset data, int members, Func<int, Trainer> trainerFactory, FitOptions options, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(trainerFactory);
        ArgumentNullException.ThrowIfNull(options);
        if (members < 1)
            throw new ArgumentOutOfRangeException(nameof(members), $"Bagging: need at least one member, got {members}");
        var result = new List<BaggedMember>();
        for (int m = 0; m < members; m++)
        {
            var indices = BootstrapIndices(data.Count, Samplers.SamplerMath.For(seed, m));
            var trainer = trainerFactory(m) ?? throw new InvalidOperationException($"Bagging: the trainer factory returned null for member {m}");
            trainer.Fit(Subset.Create(data, indices), options);
            result.Add(new BaggedMember(trainer, indices, OutOfBag(data.Count, indices)));
        }
        return result;
    }

    /// <summary>The bagged members as an ensemble.</summary>
    public static Ensemble ToEnsemble(IReadOnlyList<BaggedMember> members, EnsembleMethod method = EnsembleMethod.AverageProbabilities)
    {
        ArgumentNullException.ThrowIfNull(members);
        return new Ensemble(members.Select(m => m.Trainer.Model), method);
    }
}
