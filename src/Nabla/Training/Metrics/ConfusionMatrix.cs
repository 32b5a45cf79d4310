using System.Globalization;
using System.Text;

namespace Nabla.Training.Metrics;

/// <summary>
/// The confusion matrix <c>M[t, p]</c> = number of samples of true class t predicted as class p (rows: truth,
/// columns: prediction, as scikit-learn's <c>confusion_matrix</c>). Predictions are <c>[N, C]</c> scores (arg-max)
/// or <c>[N]</c> / <c>[N, 1]</c> binary scores (positive above the threshold). <see cref="Result"/> gives the
/// weighted accuracy <c>trace(M) / ΣM</c> so the metric can sit in a list with the others; read the matrix with
/// <see cref="Counts"/>, <see cref="WeightedCounts"/> or <see cref="Format"/>.
/// </summary>
public sealed class ConfusionMatrix : Metric
{
    private readonly ConfusionAccumulator _confusion;

    /// <summary>Creates the metric (display name "confusion_matrix").</summary>
    /// <param name="threshold">For binary scores: probability above which a sample is predicted positive.</param>
    /// <param name="fromLogits">For binary scores: whether they are logits.</param>
    /// <param name="name">Display name.</param>
    public ConfusionMatrix(double threshold = 0.5, bool fromLogits = false, string name = "confusion_matrix") : base(name) =>
        _confusion = new ConfusionAccumulator(threshold, fromLogits);

    /// <summary>Number of classes (0 before the first batch).</summary>
    public int Classes => _confusion.Classes;

    /// <inheritdoc/>
    public override void Reset() => _confusion.Reset();

    /// <inheritdoc/>
    public override void Update(Tensor prediction, Tensor target, Tensor? sampleWeight = null) =>
        _confusion.Update(Name, prediction, target, sampleWeight);

    /// <summary>The weighted accuracy trace(M) / ΣM (NaN before any sample).</summary>
    public override double Result()
    {
        double trace = 0, total = 0;
        for (int t = 0; t < Classes; t++)
        for (int p = 0; p < Classes; p++)
        {
            double v = _confusion.Weighted(t, p);
            total += v;
            if (t == p) trace += v;
        }
        return total > 0 ? trace / total : double.NaN;
    }

    /// <summary>Sample counts ignoring weights: <c>[true class, predicted class]</c>.</summary>
    public int[,] Counts()
    {
        var m = new int[Classes, Classes];
        for (int t = 0; t < Classes; t++)
        for (int p = 0; p < Classes; p++)
            m[t, p] = checked((int)_confusion.Count(t, p));
        return m;
    }

    /// <summary>Summed sample weights: <c>[true class, predicted class]</c> (equal to <see cref="Counts"/> without weights).</summary>
    public double[,] WeightedCounts()
    {
        var m = new double[Classes, Classes];
        for (int t = 0; t < Classes; t++)
        for (int p = 0; p < Classes; p++)
            m[t, p] = _confusion.Weighted(t, p);
        return m;
    }

    /// <summary>
    /// The matrix as a right-aligned text table with a header row of predicted classes and a first column of true
    /// classes, labelled with <paramref name="labels"/> (class indices when null).
    /// </summary>
    /// <param name="labels">One label per class, or null.</param>
    /// <param name="weighted">Show summed weights (up to 4 decimals) instead of counts.</param>
    public string Format(IReadOnlyList<string>? labels = null, bool weighted = false)
    {
        int c = Classes;
        if (labels is not null && labels.Count != c)
            throw new ArgumentException($"{Name}: {labels.Count} labels given for {c} classes", nameof(labels));
        var names = new string[c];
        for (int i = 0; i < c; i++) names[i] = labels?[i] ?? i.ToString(CultureInfo.InvariantCulture);
        var cells = new string[c, c];
        for (int t = 0; t < c; t++)
        for (int p = 0; p < c; p++)
            cells[t, p] = weighted
                ? _confusion.Weighted(t, p).ToString("0.####", CultureInfo.InvariantCulture)
                : _confusion.Count(t, p).ToString(CultureInfo.InvariantCulture);

        const string corner = "true \\ pred";
        int first = corner.Length;
        foreach (var n in names) first = Math.Max(first, n.Length);
        var widths = new int[c];
        for (int p = 0; p < c; p++)
        {
            widths[p] = names[p].Length;
            for (int t = 0; t < c; t++) widths[p] = Math.Max(widths[p], cells[t, p].Length);
        }
        var sb = new StringBuilder();
        sb.Append(corner.PadRight(first));
        for (int p = 0; p < c; p++) sb.Append("  ").Append(names[p].PadLeft(widths[p]));
        sb.Append('\n');
        for (int t = 0; t < c; t++)
        {
            sb.Append(names[t].PadRight(first));
            for (int p = 0; p < c; p++) sb.Append("  ").Append(cells[t, p].PadLeft(widths[p]));
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
