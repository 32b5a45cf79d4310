using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nabla.Tuning;

/// <summary>
/// A study's append-only log, one JSON object per line, flushed to disk after every event, so a search killed at
/// any moment loses at most the trial that was running. Events:
/// <code>
/// {"event":"study","version":1,"direction":"minimize","space":{...},"sampler":"tpe(seed=0, ...)","pruner":"median(...)"}
/// {"event":"start","trial":0,"params":{"optimizer.lr":{"internal":-4.6,"value":0.01}}}
/// {"event":"report","trial":0,"step":1,"value":0.53}
/// {"event":"finish","trial":0,"state":"complete","value":0.42,"seconds":12.5}
/// </code>
/// Replaying keeps the finished trials; a trial that started but never finished (the search was killed) is dropped,
/// and its number is run again. A last line cut off mid-write (no newline yet) is ignored and removed on reopening.
/// </summary>
public sealed class Journal : IDisposable
{
    private readonly FileStream _stream;
    private readonly StreamWriter _writer;

    private Journal(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = new StreamWriter(_stream, new UTF8Encoding(false));
    }

    /// <summary>The journal file.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens <paramref name="path"/> for appending (creating it when absent). A last line cut off mid-write (no
    /// terminating newline) is removed first, so the next event starts on a line of its own.
    /// </summary>
    public static Journal Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string? dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (dir is not null)
            Directory.CreateDirectory(dir);
        TruncatePartialLine(path);
        return new Journal(path);
    }

    private static void TruncatePartialLine(string path)
    {
        if (!File.Exists(path))
            return;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        long end = stream.Length;
        while (end > 0)
        {
            stream.Position = end - 1;
            if (stream.ReadByte() == '\n')
                break;
            end--;
        }
        if (end != stream.Length)
            stream.SetLength(end);
    }

    /// <summary>Appends one event and flushes it to disk.</summary>
    public void Append(JsonObject evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        _writer.Write(evt.ToJsonString());
        _writer.Write('\n');
        _writer.Flush();
        _stream.Flush(flushToDisk: true);
    }

    /// <summary>Reads every event of a journal file (none when the file is absent or empty).</summary>
    /// <exception cref="FormatException">A line other than the last is not a JSON object.</exception>
    public static List<JsonObject> Read(string path)
    {
        var events = new List<JsonObject>();
        if (!File.Exists(path))
            return events;
        string[] lines;
        using (var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)))
            lines = reader.ReadToEnd().Split('\n');
        // The text after the last newline is a line cut off mid-write (every event ends with '\n'): ignored.
        for (int i = 0; i < lines.Length - 1; i++)
        {
            if (lines[i].Trim().Length == 0)
                continue;
            try
            {
                if (JsonNode.Parse(lines[i]) is JsonObject obj)
                {
                    events.Add(obj);
                    continue;
                }
            }
            catch (JsonException ex)
            {
                throw new FormatException($"Journal '{path}': line {i + 1} is not valid JSON ({ex.Message})", ex);
            }
            throw new FormatException($"Journal '{path}': line {i + 1} is not a JSON object");
        }
        return events;
    }

    /// <summary>The study header event.</summary>
    internal static JsonObject Header(SearchSpace space, StudyDirection direction, string sampler, string pruner) => new()
    {
        ["event"] = "study",
        ["version"] = 1,
        ["direction"] = DirectionName(direction),
        ["space"] = space.ToJson(),
        ["sampler"] = sampler,
        ["pruner"] = pruner,
    };

    internal static JsonObject Start(Trial trial, SearchSpace space)
    {
        var ps = new JsonObject();
        foreach (var (name, d) in space.Parameters)
        {
            double x = trial.InternalParams[name];
            ps[name] = new JsonObject { ["internal"] = x, ["value"] = d.ExternalToJson(x) };
        }
        return new JsonObject { ["event"] = "start", ["trial"] = trial.Number, ["params"] = ps };
    }

    internal static JsonObject Report(int trial, int step, double value) =>
        new() { ["event"] = "report", ["trial"] = trial, ["step"] = step, ["value"] = Number(value) };

    internal static JsonObject Finish(Trial trial) => new()
    {
        ["event"] = "finish",
        ["trial"] = trial.Number,
        ["state"] = trial.State.ToString().ToLowerInvariant(),
        ["value"] = trial.Value is double v ? Number(v) : null,
        ["seconds"] = trial.DurationSeconds,
        ["error"] = trial.Error,
    };

    /// <summary>Rebuilds the finished trials recorded in <paramref name="events"/>, renumbered densely in order.</summary>
    internal static List<Trial> Replay(List<JsonObject> events, SearchSpace space, StudyDirection direction, string path)
    {
        var running = new Dictionary<int, Trial>();
        var finished = new List<Trial>();
        foreach (var evt in events)
        {
            string kind = evt["event"]?.GetValue<string>() ?? "";
            switch (kind)
            {
                case "study":
                    CheckHeader(evt, space, direction, path);
                    break;
                case "start":
                {
                    int n = evt["trial"]!.GetValue<int>();
                    var internals = new Dictionary<string, double>();
                    if (evt["params"] is JsonObject ps)
                        foreach (var (name, p) in ps)
                            internals[name] = ParseNumber(p?["internal"]);
                    running[n] = new Trial(n, space, internals);
                    break;
                }
                case "report":
                {
                    int n = evt["trial"]!.GetValue<int>();
                    if (running.TryGetValue(n, out var t))
                        t.AddIntermediate(evt["step"]!.GetValue<int>(), ParseNumber(evt["value"]));
                    break;
                }
                case "finish":
                {
                    int n = evt["trial"]!.GetValue<int>();
                    if (!running.Remove(n, out var t))
                        throw new FormatException($"Journal '{path}': trial {n} finishes without having started");
                    t.State = Enum.Parse<TrialState>(evt["state"]!.GetValue<string>(), ignoreCase: true);
                    t.Value = evt["value"] is null ? null : ParseNumber(evt["value"]);
                    t.DurationSeconds = evt["seconds"]?.GetValue<double>() ?? 0;
                    t.Error = evt["error"]?.GetValue<string>();
                    finished.Add(t);
                    break;
                }
                default:
                    throw new FormatException($"Journal '{path}': unknown event '{kind}'");
            }
        }
        finished.Sort((a, b) => a.Number.CompareTo(b.Number));
        for (int i = 0; i < finished.Count; i++)
            if (finished[i].Number != i)
                throw new FormatException($"Journal '{path}': finished trials are not numbered 0..{finished.Count - 1} (found trial {finished[i].Number} at position {i})");
        return finished;
    }

    private static void CheckHeader(JsonObject evt, SearchSpace space, StudyDirection direction, string path)
    {
        string recordedSpace = evt["space"]?.ToJsonString() ?? "";
        if (recordedSpace != space.ToJson().ToJsonString())
            throw new InvalidOperationException(
                $"Journal '{path}' was written for another search space ({recordedSpace}); resume with the same space or use a new journal file");
        string recordedDirection = evt["direction"]?.GetValue<string>() ?? "";
        if (recordedDirection != DirectionName(direction))
            throw new InvalidOperationException(
                $"Journal '{path}' was written to {recordedDirection} the objective, this study is set to {DirectionName(direction)}");
    }

    private static string DirectionName(StudyDirection d) => d == StudyDirection.Minimize ? "minimize" : "maximize";

    /// <summary>Finite numbers as JSON numbers; NaN and infinities as strings (JSON has no literal for them).</summary>
    private static JsonNode Number(double v) =>
        double.IsFinite(v) ? JsonValue.Create(v) : JsonValue.Create(v.ToString(CultureInfo.InvariantCulture));

    private static double ParseNumber(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue(out double d) ? d
            : node is JsonValue s && s.TryGetValue(out string? text) ? double.Parse(text, CultureInfo.InvariantCulture)
            : throw new FormatException($"Journal: expected a number, got {node?.ToJsonString() ?? "null"}");

    /// <inheritdoc/>
    public void Dispose()
    {
        _writer.Dispose();
        _stream.Dispose();
    }
}
