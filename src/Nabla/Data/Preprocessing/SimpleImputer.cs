namespace Nabla.Data.Preprocessing;

/// <summary>
/// Replaces missing values (NaN) column by column with a statistic of the column's observed training values:
/// mean, median, most frequent or a constant (scikit-learn's SimpleImputer). A column with no observed value
/// in the training data is filled with the constant (0 by default) instead of being dropped, so the column
/// count never changes.
/// </summary>
public sealed class SimpleImputer : MatrixTransformer
{
    private float[] _fill = [];

    /// <summary>Creates an imputer with <paramref name="strategy"/>; <paramref name="fillValue"/> serves
    /// <see cref="ImputeStrategy.Constant"/> and columns without any observed value.</summary>
    public SimpleImputer(ImputeStrategy strategy = ImputeStrategy.Mean, float fillValue = 0f)
    {
        if (!Enum.IsDefined(strategy))
            throw new ArgumentException($"SimpleImputer: unknown strategy {(int)strategy}.", nameof(strategy));
        Strategy = strategy;
        FillValue = fillValue;
    }

    /// <summary>The statistic used.</summary>
    public ImputeStrategy Strategy { get; }

    /// <summary>The constant for <see cref="ImputeStrategy.Constant"/> and all-missing columns.</summary>
    public float FillValue { get; }

    /// <summary>The fill value learned for each column.</summary>
    public ReadOnlySpan<float> Statistics { get { EnsureFitted(); return _fill; } }

    /// <inheritdoc/>
    protected override void FitCore(float[,] x)
    {
        _fill = new float[InputColumns];
        for (int c = 0; c < InputColumns; c++)
        {
            var v = Observed(x, c);
            _fill[c] = v.Count == 0 || Strategy == ImputeStrategy.Constant ? FillValue : Strategy switch
            {
                ImputeStrategy.Mean => (float)Mean(v),
                ImputeStrategy.Median => (float)Median(v),
                _ => (float)MostFrequent(v),
            };
        }
    }

    /// <inheritdoc/>
    protected override float[,] TransformCore(float[,] x)
    {
        var y = (float[,])x.Clone();
        for (int r = 0; r < y.GetLength(0); r++)
            for (int c = 0; c < InputColumns; c++)
                if (float.IsNaN(y[r, c])) y[r, c] = _fill[c];
        return y;
    }

    internal static double Mean(List<double> v)
    {
        double s = 0;
        foreach (double d in v) s += d;
        return s / v.Count;
    }

    internal static double Median(List<double> v)
    {
        var sorted = v.ToArray();
        Array.Sort(sorted);
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    internal static double MostFrequent(List<double> v)
    {
        var sorted = v.ToArray();
        Array.Sort(sorted);
        double best = sorted[0];
        int bestCount = 0;
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j < sorted.Length && sorted[j] == sorted[i]) j++;
            if (j - i > bestCount) { bestCount = j - i; best = sorted[i]; }
            i = j;
        }
        return best;
    }

    /// <inheritdoc/>
    public override TransformState GetState()
    {
        EnsureFitted();
        var s = new TransformState(nameof(SimpleImputer));
        s.Arrays["statistics"] = (float[])_fill.Clone();
        s.Arrays["fill_value"] = [FillValue];
        s.Strings["strategy"] = Strategy.ToString();
        return s;
    }

    /// <summary>Rebuilds a fitted imputer from <paramref name="state"/>.</summary>
    public static new SimpleImputer FromState(TransformState state)
    {
        CheckKind(state, nameof(SimpleImputer));
        var s = new SimpleImputer(Enum.Parse<ImputeStrategy>(state.String("strategy")), state.Array("fill_value")[0])
        {
            _fill = state.Array("statistics"),
        };
        s.InputColumns = s._fill.Length;
        s.IsFitted = true;
        return s;
    }
}
