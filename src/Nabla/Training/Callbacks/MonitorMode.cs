namespace Nabla.Training.Callbacks;

/// <summary>Whether a monitored quantity improves by going down or up; Auto picks Max for accuracy-like names.</summary>
public enum MonitorMode
{
    /// <summary>Max when the name contains acc, auc, precision, recall, f1 or r2; Min otherwise (Keras's rule).</summary>
    Auto,
    /// <summary>Lower is better (losses, errors).</summary>
    Min,
    /// <summary>Higher is better (accuracy).</summary>
    Max,
}

/// <summary>Comparison of monitored values shared by EarlyStopping, ModelCheckpoint and ReduceLROnPlateau.</summary>
internal static class Monitor
{
    private static readonly string[] HigherIsBetter = ["acc", "auc", "precision", "recall", "f1", "r2"];

    internal static bool Maximize(string monitor, MonitorMode mode)
    {
        if (mode != MonitorMode.Auto)
            return mode == MonitorMode.Max;
        foreach (var s in HigherIsBetter)
            if (monitor.Contains(s, StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }

    /// <summary>True when <paramref name="current"/> beats <paramref name="best"/> by more than <paramref name="minDelta"/>.</summary>
    internal static bool Improved(double current, double best, double minDelta, bool maximize) =>
        maximize ? current - minDelta > best : current + minDelta < best;

    /// <summary>The monitored value, or null when this epoch's logs lack it (e.g. an epoch without validation).</summary>
    internal static double? Value(Logs logs, string monitor) => logs.TryGetValue(monitor, out double v) ? v : null;

    /// <summary>The message for a monitored value that never appeared.</summary>
    internal static string Missing(string owner, string monitor, IEnumerable<string> available) =>
        $"{owner}: the monitored value '{monitor}' never appeared in the logs; available: {string.Join(", ", available)}" +
        (monitor.StartsWith("val_", StringComparison.Ordinal) ? " (val_ values need validation data)" : "");
}
