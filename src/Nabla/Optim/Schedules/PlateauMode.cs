namespace Nabla.Optim.Schedules;

/// <summary>Whether <see cref="ReduceLROnPlateau"/> watches a metric to minimize or to maximize.</summary>
public enum PlateauMode
{
    /// <summary>Lower is better (a loss).</summary>
    Min,
    /// <summary>Higher is better (an accuracy).</summary>
    Max,
}
