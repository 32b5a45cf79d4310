namespace Nabla.Tuning.Samplers;

/// <summary>
/// Independent uniform draws: uniform on [low, high], log-uniform for log scales, uniform integers, uniform choices
/// (Bergstra &amp; Bengio, 2012). Trial n uses a generator seeded from (seed, n).
/// </summary>
public sealed class RandomSampler(ulong seed = 0) : ISampler
{
    /// <summary>The seed.</summary>
    public ulong Seed { get; } = seed;

    /// <inheritdoc/>
    public string Description => $"random(seed={Seed})";

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double>? Sample(SearchSpace space, int trialNumber, IReadOnlyList<Trial> trials, StudyDirection direction)
    {
        ArgumentNullException.ThrowIfNull(space);
        var rng = SamplerMath.For(Seed, trialNumber);
        var result = new Dictionary<string, double>();
        foreach (var (name, d) in space.Parameters)
            result[name] = SamplerMath.Draw(d, rng);
        return result;
    }
}
