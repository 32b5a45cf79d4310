using System.Diagnostics;

namespace Nabla.Bench;

/// <summary>What <see cref="Timing.Measure"/> saw: per-call seconds of each timed sample and summary figures.</summary>
/// <param name="Samples">Seconds per call of each timed sample, sorted ascending.</param>
/// <param name="CallsPerSample">How many calls each sample timed (more than 1 only for very fast actions).</param>
/// <param name="AllocatedBytesPerCall">Managed bytes allocated per call by all threads during the timed samples.</param>
/// <param name="LoadNote">The machine-load note for warm-up plus samples, or null (see <see cref="MachineLoad"/>).</param>
public sealed record TimingResult(double[] Samples, int CallsPerSample, double AllocatedBytesPerCall, string? LoadNote)
{
    /// <summary>Median seconds per call (mean of the middle two for an even count).</summary>
    public double Median
    {
        get
        {
            int n = Samples.Length, h = n / 2;
            return n % 2 == 1 ? Samples[h] : 0.5 * (Samples[h - 1] + Samples[h]);
        }
    }

    /// <summary>Fastest sample, seconds per call.</summary>
    public double Min => Samples[0];

    /// <summary>Slowest sample, seconds per call.</summary>
    public double Max => Samples[^1];

    /// <summary>Relative spread <c>(max - min) / median</c>; large values mean a noisy measurement.</summary>
    public double Spread => Median > 0 ? (Max - Min) / Median : 0;
}

/// <summary>Runs an action after warm-up several times and returns the median wall time in seconds.</summary>
public static class Timing
{
    /// <summary>Median seconds of <paramref name="repeats"/> timed runs after <paramref name="warmup"/> untimed ones.</summary>
    public static double MedianSeconds(Action action, int warmup = 3, int repeats = 9) =>
        Measure(action, warmup, repeats).Median;

    /// <summary>
    /// Runs <paramref name="action"/> <paramref name="warmup"/> times untimed (letting tiered JIT and caches settle),
    /// collects garbage, then times <paramref name="repeats"/> samples. When <paramref name="minSampleSeconds"/> is
    /// positive, each sample repeats the call enough times to last at least that long (calibrated on the last warm-up
    /// call), which keeps timer resolution out of sub-microsecond figures; results are always seconds per call.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or <paramref name="repeats"/> is 0.</exception>
    public static TimingResult Measure(Action action, int warmup = 3, int repeats = 9, double minSampleSeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minSampleSeconds);

        using var load = MachineLoad.Begin();

        double lastWarm = 0;
        for (int i = 0; i < warmup; i++)
        {
            long t = Stopwatch.GetTimestamp();
            action();
            lastWarm = Stopwatch.GetElapsedTime(t).TotalSeconds;
        }

        int calls = 1;
        if (minSampleSeconds > 0)
        {
            if (warmup == 0)
            {
                long t = Stopwatch.GetTimestamp();
                action();
                lastWarm = Stopwatch.GetElapsedTime(t).TotalSeconds;
            }
            calls = (int)Math.Clamp(Math.Ceiling(minSampleSeconds / Math.Max(lastWarm, 1e-9)), 1, 1 << 24);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var times = new double[repeats];
        long allocated0 = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < repeats; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int c = 0; c < calls; c++) action();
            times[i] = Stopwatch.GetElapsedTime(t0).TotalSeconds / calls;
        }
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated0;
        Array.Sort(times);
        load.Stop();
        return new TimingResult(times, calls, (double)allocated / ((long)repeats * calls), load.Note);
    }
}
