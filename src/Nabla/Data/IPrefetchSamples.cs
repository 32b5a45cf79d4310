namespace Nabla.Data;

/// <summary>
/// A dataset whose samples lie in memory and can be requested into the CPU cache ahead of
/// <see cref="IDataset.CopySample"/>. The <see cref="DataLoader"/> prefetches a few samples ahead in its shuffled
/// order, which hides the cache and TLB misses of reading samples at random places of a large array.
/// </summary>
internal interface IPrefetchSamples
{
    /// <summary>Starts loading sample <paramref name="index"/>'s memory into the cache (a hint; never throws).</summary>
    void PrefetchSample(int index);
}
