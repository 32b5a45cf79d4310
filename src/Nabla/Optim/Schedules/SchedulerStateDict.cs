namespace Nabla.Optim.Schedules;

/// <summary>A schedule's state in memory: named scalars and named lists of per-group values (PyTorch's names).</summary>
public sealed class SchedulerStateDict
{
    /// <summary>Scalar entries such as <c>last_epoch</c>, <c>T_cur</c> or <c>best</c>.</summary>
    public Dictionary<string, double> Scalars { get; } = [];

    /// <summary>Per-group entries such as <c>base_lrs</c> and <c>_last_lr</c>.</summary>
    public Dictionary<string, double[]> Lists { get; } = [];

    /// <summary>A scalar entry; throws an <see cref="ArgumentException"/> naming <paramref name="owner"/> when missing.</summary>
    public double Scalar(string key, string owner) => Scalars.TryGetValue(key, out double v) ? v
        : throw new ArgumentException($"{owner}.LoadStateDict: the state has no '{key}'");

    /// <summary>A list entry; throws an <see cref="ArgumentException"/> naming <paramref name="owner"/> when missing.</summary>
    public double[] List(string key, string owner) => Lists.TryGetValue(key, out var v) ? v
        : throw new ArgumentException($"{owner}.LoadStateDict: the state has no '{key}'");
}
