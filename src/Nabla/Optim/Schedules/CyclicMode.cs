namespace Nabla.Optim.Schedules;

/// <summary>The amplitude policy of <see cref="CyclicLR"/>.</summary>
public enum CyclicMode
{
    /// <summary>Constant amplitude: scale 1.</summary>
    Triangular,
    /// <summary>Amplitude halved each cycle: scale 1 / 2^(cycle − 1).</summary>
    Triangular2,
    /// <summary>Amplitude γ^iteration.</summary>
    ExpRange,
}
