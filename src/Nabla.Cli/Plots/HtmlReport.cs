using System.Globalization;
using System.Net;
using System.Text;

namespace Nabla.Cli.Plots;

/// <summary>A self-contained HTML page for a run: its summary table and the PNG plots (relative links).</summary>
public static class HtmlReport
{
    /// <summary>Writes <c>report.html</c> in <paramref name="runDirectory"/> with <paramref name="facts"/> and every plot found there.</summary>
    public static void Write(string runDirectory, string title, IReadOnlyList<(string Key, string Value)> facts,
                             IReadOnlyList<(string File, string Caption)> plots, string configJson)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
          .Append(WebUtility.HtmlEncode(title)).Append("</title>\n<style>")
          .Append("body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}")
          .Append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 10px;text-align:left}")
          .Append("figure{margin:1.5em 0}img{max-width:100%;border:1px solid #eee}figcaption{color:#555}")
          .Append("pre{background:#f6f8fa;padding:1em;overflow:auto}</style></head><body>\n<h1>")
          .Append(WebUtility.HtmlEncode(title)).Append("</h1>\n<table>\n");
        foreach (var (key, value) in facts)
            sb.Append("<tr><th>").Append(WebUtility.HtmlEncode(key)).Append("</th><td>").Append(WebUtility.HtmlEncode(value)).Append("</td></tr>\n");
        sb.Append("</table>\n");
        foreach (var (file, caption) in plots)
            if (File.Exists(Path.Combine(runDirectory, file)))
                sb.Append("<figure><img src=\"").Append(WebUtility.HtmlEncode(file)).Append("\" alt=\"")
                  .Append(WebUtility.HtmlEncode(caption)).Append("\"><figcaption>").Append(WebUtility.HtmlEncode(caption))
                  .Append("</figcaption></figure>\n");
        sb.Append("<h2>Resolved configuration</h2>\n<pre>").Append(WebUtility.HtmlEncode(configJson)).Append("</pre>\n")
          .Append("<p><small>Written by nabla on ").Append(DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture))
          .Append("</small></p></body></html>\n");
        File.WriteAllText(Path.Combine(runDirectory, "report.html"), sb.ToString());
    }
}
