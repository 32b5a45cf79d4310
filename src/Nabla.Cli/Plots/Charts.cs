using ScottPlot;
using Nabla.Training;

namespace Nabla.Cli.Plots;

/// <summary>The PNG charts of a run, drawn with ScottPlot 5.</summary>
public static class Charts
{
    /// <summary>Default chart width in pixels.</summary>
    public const int Width = 800;

    /// <summary>Default chart height in pixels.</summary>
    public const int Height = 500;

    private static readonly Color[] Palette =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728"),
        Color.FromHex("#9467bd"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#7f7f7f"),
        Color.FromHex("#bcbd22"), Color.FromHex("#17becf"),
    ];

    /// <summary>The colour of series <paramref name="i"/> (matplotlib's tab10 cycle).</summary>
    public static Color SeriesColor(int i) => Palette[i % Palette.Length];

    /// <summary>
    /// <paramref name="key"/> per epoch for training (solid) and validation (dashed, the <c>val_</c> log) when
    /// recorded; returns false (and draws nothing) when the history has no such log.
    /// </summary>
    public static bool TrainValidation(History history, string key, string title, string path)
    {
        if (!history.Values.ContainsKey(key) && !history.Values.ContainsKey("val_" + key))
            return false;
        var plot = new Plot();
        double[] epochs = history.Epochs.Select(e => (double)(e + 1)).ToArray();
        int series = 0;
        foreach (var (name, label) in new[] { (key, "train"), ("val_" + key, "validation") })
        {
            if (!history.Values.TryGetValue(name, out var values))
                continue;
            var (xs, ys) = Finite(epochs, values);
            if (xs.Length == 0)
                continue;
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = label;
            line.Color = SeriesColor(series++);
            line.LineWidth = 2;
            line.MarkerSize = 6;
            if (label == "validation")
                line.LinePattern = LinePattern.Dashed;
        }
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(key);
        IntegerTicks(plot, epochs.Length);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
        return true;
    }

    /// <summary>The learning rate per epoch (log axis when it spans more than a factor of 10).</summary>
    public static bool LearningRate(History history, string path)
    {
        if (!history.Values.TryGetValue("lr", out var lr) || lr.Count == 0)
            return false;
        var plot = new Plot();
        double[] epochs = history.Epochs.Select(e => (double)(e + 1)).ToArray();
        var line = plot.Add.Scatter(epochs, lr.ToArray());
        line.Color = SeriesColor(0);
        line.LineWidth = 2;
        line.MarkerSize = 6;
        plot.Title("Learning rate per epoch");
        plot.XLabel("epoch");
        plot.YLabel("learning rate");
        IntegerTicks(plot, epochs.Length);
        double min = lr.Where(v => v > 0).DefaultIfEmpty(0).Min(), max = lr.Max();
        if (min == max)
            plot.Axes.SetLimitsY(0, max * 1.25 + 1e-12);
        plot.SavePng(path, Width, Height);
        return true;
    }

    /// <summary>A heat map of <paramref name="counts"/> [true, predicted] with each cell's count written on it.</summary>
    public static void ConfusionMatrix(int[,] counts, IReadOnlyList<string> labels, string path)
    {
        int n = counts.GetLength(0);
        var plot = new Plot();
        var share = new double[n, n];
        for (int t = 0; t < n; t++)
        {
            double row = 0;
            for (int p = 0; p < n; p++) row += counts[t, p];
            for (int p = 0; p < n; p++) share[t, p] = row == 0 ? 0 : counts[t, p] / row;
        }
        var heat = plot.Add.Heatmap(share);
        heat.Colormap = new LightToDark(new ScottPlot.Colormaps.Blues());
        // The extent gives the centres of the corner cells: cell (t, p) is centred on x = p, y = n − 1 − t.
        heat.Extent = new CoordinateRect(0, n - 1, 0, n - 1);
        for (int t = 0; t < n; t++)
            for (int p = 0; p < n; p++)
            {
                var text = plot.Add.Text(counts[t, p].ToString(System.Globalization.CultureInfo.InvariantCulture), p, n - 1 - t);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontSize = n > 12 ? 9 : 13;
                text.LabelFontColor = share[t, p] > 0.5 ? Colors.White : Colors.Black;
            }
        double[] ticks = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        string[] names = Enumerable.Range(0, n).Select(i => i < labels.Count ? labels[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        plot.Axes.Bottom.SetTicks(ticks, names);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 110;
        plot.Axes.Left.SetTicks(ticks.Select(v => n - 1 - v).ToArray(), names);
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.Title("Confusion matrix (counts; colour = share of the true class)");
        plot.XLabel("predicted");
        plot.YLabel("true");
        plot.Add.ColorBar(heat);
        plot.SavePng(path, 800, 760);
    }

    /// <summary>Loss against learning rate on a log axis, with the suggested rate marked.</summary>
    public static void LrFinder(IReadOnlyList<double> lrs, IReadOnlyList<double> losses, double suggested, string path)
    {
        var plot = new Plot();
        var xs = lrs.Select(Math.Log10).ToArray();
        var line = plot.Add.Scatter(xs, losses.ToArray());
        line.Color = SeriesColor(0);
        line.LineWidth = 2;
        line.MarkerSize = 0;
        line.LegendText = "smoothed loss";
        var mark = plot.Add.VerticalLine(Math.Log10(suggested));
        mark.Color = SeriesColor(3);
        mark.LinePattern = LinePattern.Dashed;
        mark.LegendText = $"suggested lr {suggested:0.###e+0}";
        LogTicks(plot);
        plot.Title("Learning-rate range test");
        plot.XLabel("learning rate (log scale)");
        plot.YLabel("loss");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>
    /// One chart comparing runs: each variant's training loss (solid, left axis) and validation accuracy
    /// (dashed, right axis; training accuracy when there is no validation), one colour per variant.
    /// </summary>
    public static void Compare(IReadOnlyList<(string Label, History History)> runs, string accuracyKey, string path)
    {
        var plot = new Plot();
        int maxEpochs = 1;
        for (int i = 0; i < runs.Count; i++)
        {
            var (label, history) = runs[i];
            double[] epochs = history.Epochs.Select(e => (double)(e + 1)).ToArray();
            maxEpochs = Math.Max(maxEpochs, epochs.Length);
            string lossKey = history.Values.ContainsKey("val_loss") ? "val_loss" : "loss";
            if (history.Values.TryGetValue(lossKey, out var loss))
            {
                var (xs, ys) = Finite(epochs, loss);
                var l = plot.Add.Scatter(xs, ys);
                l.Color = SeriesColor(i);
                l.LineWidth = 2;
                l.MarkerSize = 5;
                l.LegendText = $"{label} {lossKey}";
            }
            string accKey = history.Values.ContainsKey("val_" + accuracyKey) ? "val_" + accuracyKey : accuracyKey;
            if (history.Values.TryGetValue(accKey, out var acc))
            {
                var (xs, ys) = Finite(epochs, acc);
                var a = plot.Add.Scatter(xs, ys);
                a.Color = SeriesColor(i);
                a.LineWidth = 2;
                a.MarkerSize = 5;
                a.MarkerShape = MarkerShape.OpenSquare;
                a.LinePattern = LinePattern.Dashed;
                a.Axes.YAxis = plot.Axes.Right;
                a.LegendText = $"{label} {accKey}";
            }
        }
        plot.Title("Comparison: loss (solid, left) and accuracy (dashed, right)");
        plot.XLabel("epoch");
        plot.Axes.Left.Label.Text = "loss";
        plot.Axes.Right.Label.Text = accuracyKey;
        IntegerTicks(plot, maxEpochs);
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, 1100, 560);
    }

    /// <summary>A colormap run backwards, so that 0 is light and 1 dark.</summary>
    private sealed class LightToDark(IColormap inner) : IColormap
    {
        public string Name => inner.Name + " (reversed)";

        public Color GetColor(double normalizedIntensity) => inner.GetColor(1 - normalizedIntensity);
    }

    private static (double[] Xs, double[] Ys) Finite(double[] xs, IReadOnlyList<double> ys)
    {
        var x = new List<double>();
        var y = new List<double>();
        for (int i = 0; i < Math.Min(xs.Length, ys.Count); i++)
            if (double.IsFinite(ys[i]))
            {
                x.Add(xs[i]);
                y.Add(ys[i]);
            }
        return (x.ToArray(), y.ToArray());
    }

    internal static void IntegerTicks(Plot plot, int epochs)
    {
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Bottom.TickGenerator = ticks;
        if (epochs <= 1)
            plot.Axes.SetLimitsX(0.5, 1.5);
    }

    internal static void LogTicks(Plot plot)
    {
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            LabelFormatter = v => Math.Pow(10, v).ToString("0.#e+0", System.Globalization.CultureInfo.InvariantCulture),
        };
        plot.Axes.Bottom.TickGenerator = ticks;
    }
}
