using System.Globalization;
using System.Text;
using Nabla.Training;

namespace Nabla.Tuning.Validation;

/// <summary>One fold's outcome.</summary>
/// <param name="Fold">The fold number.</param>
/// <param name="TrainCount">Training samples.</param>
/// <param name="ValidationCount">Validation samples.</param>
/// <param name="Metrics">Loss and metrics on the fold's validation part after training.</param>
/// <param name="History">The training history (null for a custom per-fold evaluation).</param>
public sealed record FoldResult(int Fold, int TrainCount, int ValidationCount, IReadOnlyDictionary<string, double> Metrics, History? History);

/// <summary>The folds of a cross-validation and the mean ± sample std of each metric across them.</summary>
public sealed class CrossValidationResult
{
    internal CrossValidationResult(IReadOnlyList<FoldResult> folds)
    {
        Folds = folds;
        var names = new List<string>();
        foreach (var f in folds)
            foreach (var key in f.Metrics.Keys)
                if (!names.Contains(key))
                    names.Add(key);
        var summary = new Dictionary<string, MetricSummary>();
        foreach (var name in names)
            summary[name] = new MetricSummary(name, folds.Select(f => f.Metrics.TryGetValue(name, out double v) ? v : double.NaN).ToArray());
        Summary = summary;
    }

    /// <summary>Each fold's result, in fold order.</summary>
    public IReadOnlyList<FoldResult> Folds { get; }

    /// <summary>Each metric across folds (mean ± sample std, ddof 1).</summary>
    public IReadOnlyDictionary<string, MetricSummary> Summary { get; }

    /// <summary>A table with one row per fold and a final "mean ± std" row.</summary>
    public string ToTable()
    {
        var names = Summary.Keys.ToList();
        var sb = new StringBuilder();
        sb.Append("fold".PadRight(6));
        foreach (var n in names)
            sb.Append(n.PadLeft(20));
        sb.Append('\n');
        foreach (var f in Folds)
        {
            sb.Append(f.Fold.ToString(CultureInfo.InvariantCulture).PadRight(6));
            foreach (var n in names)
                sb.Append((f.Metrics.TryGetValue(n, out double v) ? v.ToString("F4", CultureInfo.InvariantCulture) : "-").PadLeft(20));
            sb.Append('\n');
        }
        sb.Append("mean".PadRight(6));
        foreach (var n in names)
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"{Summary[n].Mean:F4} ± {Summary[n].Std:F4}").PadLeft(20));
        sb.Append('\n');
        return sb.ToString();
    }
}
