using System.Globalization;

namespace Nabla.Bench;

/// <summary>
/// The process's peak resident set size, <c>VmHWM</c> of <c>/proc/self/status</c> (Linux): the high-water mark of
/// physical memory since the process started, so a figure taken after several benchmarks in one process covers
/// them all. PyTorch's comparison scripts (bench/compare) read the same field.
/// </summary>
public static class PeakRss
{
    private const string StatusPath = "/proc/self/status";

    /// <summary>Peak resident set size in bytes, or null where <c>/proc/self/status</c> has no VmHWM line.</summary>
    public static long? Bytes()
    {
        if (!File.Exists(StatusPath)) return null;
        foreach (string line in File.ReadLines(StatusPath))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            // "VmHWM:     123456 kB"
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 3 && parts[2] == "kB" &&
                long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long kb))
                return kb * 1024;
        }
        return null;
    }

    /// <summary>Peak resident set size in MB (10^6 bytes), or null where unavailable.</summary>
    public static double? Megabytes() => Bytes() is long b ? b / 1e6 : null;
}
