using System.Globalization;
using System.Text;

namespace Nabla.Bench;

/// <summary>
/// Writes one JSON object per measurement to standard output, with the keys
/// <c>bench, case, threads, metric, value</c> and, when an anchor was measured in the same run,
/// <c>anchor, anchor_value, ratio</c> (ratio = value / anchor_value), plus <c>note</c> when there is one.
/// </summary>
/// <remarks>
/// The <c>note</c> field says <c>machine loaded by other processes (X% of a core)</c> when other processes used
/// more than <see cref="MachineLoad.NoteThresholdCores"/> of a core while the figure was measured. Pass the
/// probe that wrapped the measurement as <c>load:</c>; without one, the reporter judges the time since its
/// previous line (or since <see cref="StartWindow"/>), and a line that follows the previous one too closely to
/// be judged (several metrics from one measurement) repeats that line's load note.
/// </remarks>
public sealed class BenchReporter
{
    private readonly TextWriter _out;
    private MachineLoad _sinceLast;
    private string? _lastLoadNote;

    /// <summary>Creates a reporter writing to <paramref name="output"/>.</summary>
    public BenchReporter(TextWriter output)
    {
        _out = output;
        _sinceLast = MachineLoad.Begin();
    }

    /// <summary>Number of lines written so far.</summary>
    public int Count { get; private set; }

    /// <summary>Restarts the implicit load window, e.g. when a new benchmark starts.</summary>
    public void StartWindow()
    {
        _sinceLast = MachineLoad.Begin();
        _lastLoadNote = null;
    }

    /// <summary>Reports one figure.</summary>
    /// <param name="bench">Benchmark name, e.g. <c>gemm</c>.</param>
    /// <param name="case">Case within the benchmark, e.g. <c>512x512x512</c>.</param>
    /// <param name="threads">Threads the measured code used.</param>
    /// <param name="metric">What <paramref name="value"/> is, e.g. <c>seconds</c> or <c>gflops</c>.</param>
    /// <param name="value">The figure.</param>
    /// <param name="anchor">Name of the reference measured in the same run, if any.</param>
    /// <param name="anchorValue">The reference's figure in the same metric.</param>
    /// <param name="note">Free-form note; combined with the load note when both exist.</param>
    /// <param name="load">Probe that wrapped the measurement; null to use the time since the previous line.</param>
    public void Report(string bench, string @case, int threads, string metric, double value,
                       string? anchor = null, double? anchorValue = null, string? note = null,
                       MachineLoad? load = null)
    {
        string? loadNote = load is not null ? (_lastLoadNote = load.Note) : ImplicitLoadNote();

        var sb = new StringBuilder();
        sb.Append('{');
        Append(sb, "bench", bench); sb.Append(',');
        Append(sb, "case", @case); sb.Append(',');
        sb.Append("\"threads\":").Append(threads.ToString(CultureInfo.InvariantCulture)).Append(',');
        Append(sb, "metric", metric); sb.Append(',');
        sb.Append("\"value\":").Append(Format(value));
        if (anchor is not null && anchorValue is double av)
        {
            sb.Append(','); Append(sb, "anchor", anchor);
            sb.Append(",\"anchor_value\":").Append(Format(av));
            sb.Append(",\"ratio\":").Append(Format(av == 0 ? double.NaN : value / av));
        }
        string? combined = (note, loadNote) switch
        {
            (null, _) => loadNote,
            (_, null) => note,
            _ when note.Contains(MachineLoad.NotePrefix, StringComparison.Ordinal) => note,
            _ => note + "; " + loadNote,
        };
        if (combined is not null) { sb.Append(','); Append(sb, "note", combined); }
        sb.Append('}');
        _out.WriteLine(sb.ToString());
        _out.Flush();
        Count++;

        _sinceLast = MachineLoad.Begin();
    }

    private string? ImplicitLoadNote()
    {
        // Too short a window to judge means this line reports the same measurement as the previous one.
        if (_sinceLast.OtherCores is null && _sinceLast.WindowSeconds is double w && w < MachineLoad.MinimumWindowSeconds)
            return _lastLoadNote;
        _lastLoadNote = _sinceLast.Note;
        return _lastLoadNote;
    }

    private static string Format(double v) =>
        double.IsFinite(v) ? v.ToString("G6", CultureInfo.InvariantCulture) : "null";

    private static void Append(StringBuilder sb, string key, string value)
    {
        sb.Append('"').Append(key).Append("\":\"");
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ') sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
