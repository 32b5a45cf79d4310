using System.Globalization;
using System.Text;

namespace Nabla.Bench;

/// <summary>
/// Writes one JSON object per measurement to standard output, with the keys
/// <c>bench, case, threads, metric, value</c> and, when an anchor was measured in the same run,
/// <c>anchor, anchor_value, ratio</c> (ratio = value / anchor_value).
/// </summary>
public sealed class BenchReporter
{
    private readonly TextWriter _out;

    /// <summary>Creates a reporter writing to <paramref name="output"/>.</summary>
    public BenchReporter(TextWriter output) => _out = output;

    /// <summary>Reports one figure.</summary>
    public void Report(string bench, string @case, int threads, string metric, double value,
                       string? anchor = null, double? anchorValue = null, string? note = null)
    {
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
        if (note is not null) { sb.Append(','); Append(sb, "note", note); }
        sb.Append('}');
        _out.WriteLine(sb.ToString());
        _out.Flush();
    }

    private static string Format(double v) =>
        double.IsFinite(v) ? v.ToString("G6", CultureInfo.InvariantCulture) : "null";

    private static void Append(StringBuilder sb, string key, string value)
    {
        sb.Append('"').Append(key).Append("\":\"");
        foreach (char c in value)
        {
            if (c == '"' || c == '\\') sb.Append('\\');
            sb.Append(c);
        }
        sb.Append('"');
    }
}
