namespace Nabla.Data;

/// <summary>
/// Derives independent 64-bit seeds from (seed, epoch, position) with SplitMix64 finalizers, so every random draw
/// of a loader depends on where a sample sits in an epoch and never on which thread prepared it.
/// </summary>
internal static class SampleSeeds
{
    /// <summary>Salt that separates the shuffle stream of an epoch from the per-sample streams.</summary>
    public const ulong ShuffleStream = 0x5348_5546_464C_4521UL;

    /// <summary>Salt that separates the per-batch streams (MixUp, CutMix) from the per-sample streams.</summary>
    public const ulong BatchStream = 0x4241_5443_4821_0001UL;

    /// <summary>A seed for item <paramref name="position"/> of <paramref name="epoch"/> under <paramref name="seed"/>.</summary>
    public static ulong Derive(ulong seed, long epoch, long position, ulong stream = 0)
    {
        ulong h = Mix(seed ^ stream);
        h = Mix(h ^ (ulong)epoch);
        return Mix(h ^ (ulong)position);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
