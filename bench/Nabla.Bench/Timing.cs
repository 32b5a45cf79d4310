using System.Diagnostics;

namespace Nabla.Bench;

/// <summary>Runs an action after warm-up several times and returns the median wall time in seconds.</summary>
public static class Timing
{
    /// <summary>Median seconds of <paramref name="repeats"/> timed runs after <paramref name="warmup"/> untimed ones.</summary>
    public static double MedianSeconds(Action action, int warmup = 3, int repeats = 9)
    {
        for (int i = 0; i < warmup; i++) action();
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }
}
