namespace Nabla.Tuning.Samplers;

/// <summary>Samplers by name, for command lines and configs.</summary>
public static class SamplerFactory
{
    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["tpe", "random", "grid"];

    /// <summary>
    /// "tpe" (<see cref="TpeSampler"/>, with <paramref name="startupTrials"/> random trials first), "random"
    /// (<see cref="RandomSampler"/>) or "grid" (<see cref="GridSampler"/> with <paramref name="gridPoints"/> points per
    /// real parameter, in order); names are case-insensitive.
    /// </summary>
    public static ISampler Create(string name, ulong seed = 0, int gridPoints = 5, int startupTrials = 10)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "tpe" => new TpeSampler(seed, startupTrials),
            "random" => new RandomSampler(seed),
            "grid" => new GridSampler(gridPoints, seed: seed),
            _ => throw new ArgumentException($"sampler '{name}' is unknown; use one of {string.Join(", ", Names)}", nameof(name)),
        };
    }
}
