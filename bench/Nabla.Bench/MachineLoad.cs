using System.Diagnostics;
using System.Globalization;

namespace Nabla.Bench;

/// <summary>
/// Estimates how much CPU time processes <em>other than this one</em> used while a measurement ran, so a figure
/// taken on a busy machine can carry a note instead of silently looking slow.
/// </summary>
/// <remarks>
/// <para>
/// On Linux the machine-wide busy time comes from the first line of <c>/proc/stat</c> (user + nice + system +
/// irq + softirq + steal, in USER_HZ ticks of 1/100 s, the kernel's fixed ABI value) and this process's own CPU
/// time from <see cref="Process.TotalProcessorTime"/>:
/// <c>others = (busy_end - busy_start) - (own_end - own_start)</c>, reported as a share of one core over the
/// wall-clock window (<c>others / wall</c>; 1.0 = one core fully used by someone else). Inside a container
/// <c>/proc/stat</c> usually describes the whole host, which is what competes for the cores.
/// </para>
/// <para>
/// Ticks are sampled, so windows shorter than <see cref="MinimumWindowSeconds"/> are too coarse to judge and
/// report nothing. On other operating systems, or when <c>/proc/stat</c> cannot be read, every figure is
/// <see langword="null"/> and nothing is printed.
/// </para>
/// <code>
/// using var probe = MachineLoad.Begin();
/// double s = Timing.MedianSeconds(() => Kernel(a, b));
/// report.Report("gemm", "512x512x512", threads, "seconds", s, load: probe);
/// </code>
/// </remarks>
public sealed class MachineLoad : IDisposable
{
    /// <summary>Other processes' load, in cores, above which a note is attached (0.10 = 10% of one core).</summary>
    public const double NoteThresholdCores = 0.10;

    /// <summary>Shortest window, in seconds, whose tick-sampled figures are trusted.</summary>
    public const double MinimumWindowSeconds = 0.10;

    /// <summary>How every load note starts, so a caller's note that already carries one is not given a second.</summary>
    public const string NotePrefix = "machine loaded by other processes";

    private const double TicksPerSecond = 100.0; // USER_HZ: /proc/stat is always reported in 1/100 s
    private const string ProcStat = "/proc/stat";

    private readonly Snapshot? _start;
    private Snapshot? _end;

    private MachineLoad(Snapshot? start) => _start = start;

    /// <summary>Starts a probe now. Read <see cref="Note"/> (or dispose it) when the measurement is done.</summary>
    public static MachineLoad Begin() => new(Snapshot.Take());

    /// <summary>Whether machine load can be measured here (Linux with a readable <c>/proc/stat</c>).</summary>
    public static bool IsSupported => Snapshot.Take() is not null;

    /// <summary>Ends the window now; later calls and <see cref="Dispose"/> keep the first end.</summary>
    public void Stop()
    {
        if (_end is null && _start is not null) _end = Snapshot.Take();
    }

    /// <summary>Ends the window (same as <see cref="Stop"/>).</summary>
    public void Dispose() => Stop();

    /// <summary>Wall-clock seconds of the window (ending it if still open); null when unsupported.</summary>
    public double? WindowSeconds
    {
        get
        {
            Stop();
            if (_start is not { } s || _end is not { } e) return null;
            return Stopwatch.GetElapsedTime(s.Timestamp, e.Timestamp).TotalSeconds;
        }
    }

    /// <summary>
    /// CPU used by other processes during the window, in cores (0.25 = a quarter of one core), ending the window
    /// if still open; null when unsupported or when the window is shorter than <see cref="MinimumWindowSeconds"/>.
    /// </summary>
    public double? OtherCores
    {
        get
        {
            Stop();
            if (_start is not { } s || _end is not { } e) return null;
            double wall = Stopwatch.GetElapsedTime(s.Timestamp, e.Timestamp).TotalSeconds;
            if (wall < MinimumWindowSeconds) return null;
            double machine = (e.BusyTicks - s.BusyTicks) / TicksPerSecond;
            double own = (e.OwnCpu - s.OwnCpu).TotalSeconds;
            return Math.Max(0.0, machine - own) / wall;
        }
    }

    /// <summary>
    /// <c>machine loaded by other processes (X% of a core)</c> when <see cref="OtherCores"/> exceeds
    /// <see cref="NoteThresholdCores"/>, otherwise null. Ends the window if still open.
    /// </summary>
    public string? Note => OtherCores is double cores && cores > NoteThresholdCores ? FormatNote(cores) : null;

    /// <summary>The note text for a load of <paramref name="cores"/> cores.</summary>
    public static string FormatNote(double cores) =>
        NotePrefix + " (" +
        (cores * 100).ToString("F0", CultureInfo.InvariantCulture) + "% of a core)";

    private sealed record Snapshot(long Timestamp, long BusyTicks, TimeSpan OwnCpu)
    {
        private static bool s_unsupported = !OperatingSystem.IsLinux();

        public static Snapshot? Take()
        {
            if (s_unsupported) return null;
            try
            {
                long busy = ReadBusyTicks();
                TimeSpan own;
                using (var self = Process.GetCurrentProcess()) own = self.TotalProcessorTime;
                return new Snapshot(Stopwatch.GetTimestamp(), busy, own);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException
                                           or InvalidOperationException or PlatformNotSupportedException)
            {
                s_unsupported = true; // report nothing, quietly, from now on
                return null;
            }
        }

        /// <summary>Busy ticks summed over all CPUs from the aggregate <c>cpu</c> line.</summary>
        private static long ReadBusyTicks()
        {
            string? line;
            using (var reader = new StreamReader(ProcStat)) line = reader.ReadLine();
            if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
                throw new FormatException($"{ProcStat}: first line is not the aggregate 'cpu' line.");

            // cpu  user nice system idle iowait irq softirq steal guest guest_nice
            // guest/guest_nice are already included in user/nice; idle and iowait are not busy.
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 8) throw new FormatException($"{ProcStat}: too few fields on the 'cpu' line.");
            long Field(int i) => i < f.Length ? long.Parse(f[i], NumberStyles.None, CultureInfo.InvariantCulture) : 0;
            return Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
        }
    }
}
