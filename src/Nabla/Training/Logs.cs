namespace Nabla.Training;

/// <summary>
/// The values a callback sees: loss and metrics (running means over the epoch so far at batch end; epoch values
/// and val_ values at epoch end) and the learning rate <c>lr</c>.
/// </summary>
public sealed class Logs : Dictionary<string, double>
{
    /// <summary>An empty set of logs.</summary>
    public Logs() { }

    /// <summary>A copy of <paramref name="other"/>.</summary>
    public Logs(IDictionary<string, double> other) : base(other) { }

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public double? Get(string key) => TryGetValue(key, out double v) ? v : null;
}
