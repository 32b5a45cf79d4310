using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Nabla.Tuning;

/// <summary>One point of the objective-per-trial plot.</summary>
/// <param name="Trial">The trial number (x axis).</param>
/// <param name="State">Complete, pruned or failed.</param>
/// <param name="Value">The trial's value (null when failed).</param>
/// <param name="BestSoFar">The best complete value up to and including this trial (null before the first).</param>
public sealed record ObjectivePoint(int Trial, TrialState State, double? Value, double? BestSoFar);

/// <summary>The effect of one parameter: every complete trial's (parameter, objective) pair, and a summary.</summary>
/// <param name="Parameter">The parameter name.</param>
/// <param name="IsChoice">Whether the parameter is a choice (then <see cref="Points"/> x is the choice index).</param>
/// <param name="LogScale">Whether x is best plotted on a log axis.</param>
/// <param name="Points">(x, objective) of every complete trial; x is the value (the index for choices).</param>
/// <param name="GroupMeans">For choices: the label of each value and the mean objective of the trials that took it.</param>
/// <param name="RankCorrelation">Spearman correlation of x with the objective for numbers (NaN for choices or too few trials).</param>
public sealed record ParameterEffect(string Parameter, bool IsChoice, bool LogScale, IReadOnlyList<(double X, double Value)> Points,
                                     IReadOnlyList<(string Label, double Mean, int Count)> GroupMeans, double RankCorrelation);

/// <summary>
/// What a finished search reports: a text results table, the best configuration as JSON, and the data of the two
/// plots (objective per trial with the running best, and each parameter's effect). The library draws nothing; the
/// CLI plots these series.
/// </summary>
public static class StudyReport
{
    /// <summary>A fixed-width table: trial, state, value, seconds, then one column per parameter; the best trial is marked with *.</summary>
    public static string ResultsTable(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var names = study.Space.Parameters.Select(p => p.Key).ToList();
        var header = new List<string> { "trial", "state", "value", "seconds" };
        header.AddRange(names);
        var rows = new List<List<string>> { header };
        var best = study.BestTrial;
        foreach (var t in study.Trials)
        {
            var row = new List<string>
            {
                t.Number.ToString(CultureInfo.InvariantCulture) + (ReferenceEquals(t, best) ? "*" : ""),
                t.State.ToString().ToLowerInvariant(),
                t.Value is double v ? v.ToString("G6", CultureInfo.InvariantCulture) : "-",
                t.DurationSeconds.ToString("F1", CultureInfo.InvariantCulture),
            };
            foreach (var n in names)
                row.Add(Format(t.Params[n]));
            rows.Add(row);
        }
        var widths = new int[header.Count];
        foreach (var row in rows)
            for (int c = 0; c < row.Count; c++)
                widths[c] = Math.Max(widths[c], row[c].Length);
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            for (int c = 0; c < row.Count; c++)
                sb.Append(c == 0 ? "" : "  ").Append(row[c].PadRight(widths[c]));
            sb.Append('\n');
        }
        if (best is not null)
            sb.Append(CultureInfo.InvariantCulture, $"best: trial {best.Number}, value {best.Value:G6}\n");
        return sb.ToString();
    }

    /// <summary>The best trial as JSON: <c>{"trial": n, "value": v, "params": {name: value}}</c>.</summary>
    public static JsonObject BestConfig(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var best = study.BestTrial ?? throw new InvalidOperationException("StudyReport: no trial has completed, so there is no best configuration");
        var ps = new JsonObject();
        foreach (var (name, d) in study.Space.Parameters)
            ps[name] = d.ExternalToJson(best.InternalParams[name]);
        return new JsonObject { ["trial"] = best.Number, ["value"] = best.Value, ["params"] = ps };
    }

    /// <summary>
    /// Writes the best configuration: <paramref name="baseConfig"/> (a training config) with every best parameter set
    /// at its path (see <see cref="ConfigPath"/>), or, without a base, the <see cref="BestConfig"/> object.
    /// </summary>
    public static void WriteBestConfig(Study study, string path, JsonNode? baseConfig = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        JsonNode output;
        if (baseConfig is null)
            output = BestConfig(study);
        else
        {
            output = baseConfig.DeepClone();
            var best = study.BestTrial ?? throw new InvalidOperationException("StudyReport: no trial has completed, so there is no best configuration");
            foreach (var (name, d) in study.Space.Parameters)
                ConfigPath.Set(output, name, d.ExternalToJson(best.InternalParams[name]));
        }
        File.WriteAllText(path, output.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>The objective of every finished trial with the running best (plot: value vs trial).</summary>
    public static IReadOnlyList<ObjectivePoint> ObjectiveHistory(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var points = new List<ObjectivePoint>();
        double? best = null;
        foreach (var t in study.Trials)
        {
            if (!t.IsFinished)
                continue;
            if (t.State == TrialState.Complete && (best is null || study.Better(t.Value!.Value, best.Value)))
                best = t.Value;
            points.Add(new ObjectivePoint(t.Number, t.State, t.Value, best));
        }
        return points;
    }

    /// <summary>Each parameter's effect on the objective over the complete trials (plot: objective vs parameter).</summary>
    public static IReadOnlyList<ParameterEffect> ParameterEffects(Study study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var complete = study.Trials.Where(t => t.State == TrialState.Complete).ToList();
        var effects = new List<ParameterEffect>();
        foreach (var (name, d) in study.Space.Parameters)
        {
            var points = new List<(double, double)>();
            foreach (var t in complete)
            {
                double x = d switch
                {
                    ChoiceDistribution c => c.Index(t.InternalParams[name]),
                    _ => Convert.ToDouble(t.Params[name], CultureInfo.InvariantCulture),
                };
                points.Add((x, t.Value!.Value));
            }
            var groups = new List<(string, double, int)>();
            if (d is ChoiceDistribution choice)
                for (int i = 0; i < choice.Values.Count; i++)
                {
                    var values = points.Where(p => (int)p.Item1 == i).Select(p => p.Item2).ToList();
                    groups.Add((Format(choice.Values[i]), values.Count > 0 ? values.Average() : double.NaN, values.Count));
                }
            bool log = d is LogUniformDistribution || d is IntDistribution { Log: true };
            double rho = d is ChoiceDistribution || points.Count < 3 ? double.NaN : Spearman(points);
            effects.Add(new ParameterEffect(name, d is ChoiceDistribution, log, points, groups, rho));
        }
        return effects;
    }

    private static double Spearman(List<(double X, double Y)> points)
    {
        var rx = Ranks(points.Select(p => p.X).ToArray());
        var ry = Ranks(points.Select(p => p.Y).ToArray());
        double mx = rx.Average(), my = ry.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Average ranks (ties share the mean of their positions).</summary>
    private static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]]) j++;
            for (int k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0;
            i = j + 1;
        }
        return ranks;
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        JsonNode n => n.ToJsonString(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
