namespace Nabla.Tuning.Samplers;

/// <summary>
/// Proposes the parameters of the next trial. Every sampler here is deterministic: its draw for trial n depends
/// only on its seed, n and the finished trials, so a study resumed from its journal replays exactly.
/// </summary>
public interface ISampler
{
    /// <summary>A short description (name and settings) written to the journal.</summary>
    string Description { get; }

    /// <summary>
    /// The internal values (see <see cref="Distribution"/>) of every parameter of <paramref name="space"/> for trial
    /// <paramref name="trialNumber"/>, given the finished <paramref name="trials"/>; null when the sampler has nothing
    /// left to propose (an exhausted grid).
    /// </summary>
    IReadOnlyDictionary<string, double>? Sample(SearchSpace space, int trialNumber, IReadOnlyList<Trial> trials, StudyDirection direction);
}

/// <summary>Random draws shared by the samplers.</summary>
internal static class SamplerMath
{
    /// <summary>The generator for one trial: a pure function of the sampler seed and the trial number.</summary>
    public static Generator For(ulong seed, int trialNumber) => new(seed ^ ((ulong)(uint)trialNumber + 1) * 0x9E3779B97F4A7C15UL);

    /// <summary>One draw from <paramref name="d"/>: uniform in its internal range (log scale for log distributions), a uniform index for choices.</summary>
    public static double Draw(Distribution d, Generator rng) => d switch
    {
        ChoiceDistribution c => rng.NextInt(c.Values.Count),
        _ => d.Snap(d.InternalLow + rng.NextDouble() * (d.InternalHigh - d.InternalLow)),
    };

    /// <summary>The objective as a loss: lower is better in either direction.</summary>
    public static double Score(double value, StudyDirection direction) => direction == StudyDirection.Minimize ? value : -value;
}
