namespace Nabla.Tuning.Pruners;

/// <summary>Pruners by name, for command lines and configs.</summary>
public static class PrunerFactory
{
    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["none", "median", "asha", "hyperband"];

    /// <summary>
    /// "none" (null), "median" (<see cref="MedianPruner"/> with 5 startup trials and one warm-up step), "asha" or
    /// "successive_halving" (<see cref="SuccessiveHalvingPruner"/>, r = 1, η = 3), "hyperband"
    /// (<see cref="HyperbandPruner"/>, r = 1 to <paramref name="maxResource"/>, η = 3); names are case-insensitive.
    /// Steps are expected to count epochs completed (report epoch + 1).
    /// </summary>
    public static IPruner? Create(string name, int maxResource, ulong seed = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "none" => null,
            "median" => new MedianPruner(startupTrials: 5, warmupSteps: 1),
            "asha" or "successive_halving" => new SuccessiveHalvingPruner(),
            "hyperband" => new HyperbandPruner(1, Math.Max(1, maxResource), 3, seed),
            _ => throw new ArgumentException($"pruner '{name}' is unknown; use one of {string.Join(", ", Names)}", nameof(name)),
        };
    }
}
