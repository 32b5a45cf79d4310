using System.Globalization;
using Nabla.Tuning;
using ScottPlot;

namespace Nabla.Cli.Plots;

/// <summary>The PNG charts of <c>nabla tune</c>: the objective per trial, and each parameter's effect on it.</summary>
public static class TuneCharts
{
    /// <summary>Width of one panel of <see cref="Parameters"/> in pixels.</summary>
    public const int PanelWidth = 420;

    /// <summary>Height of one panel of <see cref="Parameters"/> in pixels.</summary>
    public const int PanelHeight = 340;

    /// <summary>Panels per row of <see cref="Parameters"/>.</summary>
    public const int PanelsPerRow = 3;

    /// <summary>
    /// Every finished trial's value (complete: filled circles; pruned: crosses at the value when stopped) and the
    /// running best of the complete trials as a step line.
    /// </summary>
    public static void Objective(IReadOnlyList<ObjectivePoint> points, string monitor, string path)
    {
        var plot = new Plot();
        AddMarkers(plot, points.Where(p => p.State == TrialState.Complete && p.Value is not null).ToList(), "complete", 0, MarkerShape.FilledCircle);
        AddMarkers(plot, points.Where(p => p.State == TrialState.Pruned && p.Value is not null).ToList(), "pruned", 7, MarkerShape.Cross);
        var best = points.Where(p => p.BestSoFar is not null).ToList();
        if (best.Count > 0)
        {
            var line = plot.Add.Scatter(best.Select(p => (double)p.Trial).ToArray(), best.Select(p => p.BestSoFar!.Value).ToArray());
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LegendText = "best so far";
            line.Color = Charts.SeriesColor(3);
            line.LineWidth = 2;
            line.MarkerSize = 0;
        }
        plot.Title("Objective per trial");
        plot.XLabel("trial");
        plot.YLabel(monitor);
        Charts.IntegerTicks(plot, points.Count);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Charts.Width, Charts.Height);
    }

    /// <summary>
    /// One panel per parameter: the objective of each complete trial against the parameter's value (log axis for
    /// log-scaled parameters), or for a choice the trials per value with the value's mean as a bar.
    /// </summary>
    public static void Parameters(IReadOnlyList<ParameterEffect> effects, string monitor, string path)
    {
        ArgumentNullException.ThrowIfNull(effects);
        int columns = Math.Min(PanelsPerRow, Math.Max(1, effects.Count));
        int rows = (effects.Count + columns - 1) / columns;
        var multiplot = new Multiplot();
        multiplot.AddPlots(effects.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        for (int i = 0; i < effects.Count; i++)
            Panel(multiplot.GetPlot(i), effects[i], monitor, Charts.SeriesColor(i));
        multiplot.SavePng(path, columns * PanelWidth, rows * PanelHeight);
    }

    private static void Panel(Plot plot, ParameterEffect effect, string monitor, Color color)
    {
        double[] ys = effect.Points.Select(p => p.Value).ToArray();
        if (effect.IsChoice)
        {
            var bars = plot.Add.Bars(effect.GroupMeans.Select(g => double.IsFinite(g.Mean) ? g.Mean : 0).ToArray());
            bars.Color = color.WithAlpha(0.35);
            var dots = plot.Add.ScatterPoints(effect.Points.Select(p => p.X).ToArray(), ys);
            dots.Color = color;
            dots.MarkerSize = 7;
            double[] ticks = Enumerable.Range(0, effect.GroupMeans.Count).Select(i => (double)i).ToArray();
            plot.Axes.Bottom.SetTicks(ticks, effect.GroupMeans.Select(g => $"{g.Label} (n={g.Count})").ToArray());
        }
        else
        {
            double[] xs = effect.Points.Select(p => effect.LogScale ? Math.Log10(p.X) : p.X).ToArray();
            var dots = plot.Add.ScatterPoints(xs, ys);
            dots.Color = color;
            dots.MarkerSize = 7;
            if (effect.LogScale)
                LogAxis(plot, xs);
        }
        string title = double.IsFinite(effect.RankCorrelation)
            ? string.Create(CultureInfo.InvariantCulture, $"{effect.Parameter} (Spearman {effect.RankCorrelation:0.00})")
            : effect.Parameter;
        plot.Title(title, size: 13);
        plot.XLabel(effect.Parameter + (effect.LogScale ? " (log)" : ""), size: 12);
        plot.YLabel(monitor, size: 12);
    }

    /// <summary>
    /// Ticks for an x axis holding log10 of the values: decades (with log minor ticks) when the data spans more than
    /// one, otherwise evenly placed ticks labelled with the values themselves.
    /// </summary>
    private static void LogAxis(Plot plot, double[] logXs)
    {
        if (logXs.Length > 0 && logXs.Max() - logXs.Min() >= 1)
        {
            Charts.LogTicks(plot);
            return;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = v => Math.Pow(10, v).ToString("G3", CultureInfo.InvariantCulture),
        };
    }

    private static void AddMarkers(Plot plot, List<ObjectivePoint> points, string label, int colorIndex, MarkerShape shape)
    {
        if (points.Count == 0)
            return;
        var markers = plot.Add.ScatterPoints(points.Select(p => (double)p.Trial).ToArray(), points.Select(p => p.Value!.Value).ToArray());
        markers.LegendText = label;
        markers.Color = Charts.SeriesColor(colorIndex);
        markers.MarkerSize = 9;
        markers.MarkerShape = shape;
        markers.MarkerLineWidth = 2;
    }
}
