namespace Nabla.Data.Preprocessing;

/// <summary>
/// Model-based imputation in the manner of scikit-learn's IterativeImputer, with ridge regression as the model.
/// <para>Fit: missing values start at their column mean; then for <see cref="Rounds"/> rounds, each column j in
/// ascending order is regressed on all other columns over the rows where j was observed,
/// <c>w = (XcᵀXc + αI)⁻¹ Xcᵀ yc</c>, <c>b = ȳ − x̄ᵀw</c> (centered least squares with an unpenalized intercept),
/// and the missing entries of j are replaced by <c>b + xᵀw</c>. Every round's models are kept.</para>
/// <para>Transform replays the same sequence on new data: mean fill, then each round's model for each column,
/// updating only the entries that were missing. A column that was entirely missing in training keeps its fill
/// value (0). The number of rounds is fixed (no tolerance test), so the result is reproducible.</para>
/// </summary>
public sealed class IterativeImputer : MatrixTransformer
{
    private float[] _means = [];
    private float[][] _coef = [];
    private float[][] _intercept = [];

    /// <summary>Creates the imputer with <paramref name="rounds"/> rounds and ridge penalty <paramref name="alpha"/>.</summary>
    public IterativeImputer(int rounds = 5, double alpha = 1.0)
    {
        if (rounds < 1) throw new ArgumentOutOfRangeException(nameof(rounds), rounds, "IterativeImputer: rounds must be ≥ 1.");
        if (!(alpha >= 0)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "IterativeImputer: alpha must be ≥ 0.");
        Rounds = rounds;
        Alpha = alpha;
    }

    /// <summary>Number of imputation rounds.</summary>
    public int Rounds { get; }

    /// <summary>Ridge penalty α.</summary>
    public double Alpha { get; }

    /// <inheritdoc/>
    protected override void FitCore(float[,] x)
    {
        int n = x.GetLength(0), f = InputColumns;
        _means = new float[f];
        for (int c = 0; c < f; c++)
        {
            var v = Observed(x, c);
            _means[c] = v.Count > 0 ? (float)SimpleImputer.Mean(v) : 0f;
        }
        var filled = Fill(x);
        _coef = new float[Rounds][];
        _intercept = new float[Rounds][];
        var rows = new List<int>(n);
        for (int round = 0; round < Rounds; round++)
        {
            _coef[round] = new float[f * f];
            _intercept[round] = new float[f];
            for (int j = 0; j < f; j++)
            {
                rows.Clear();
                for (int r = 0; r < n; r++) if (!float.IsNaN(x[r, j])) rows.Add(r);
                if (rows.Count == 0)
                {
                    _intercept[round][j] = _means[j];
                    continue;
                }
                FitColumn(filled, rows, j, _coef[round].AsSpan(j * f, f), out _intercept[round][j]);
                Predict(filled, x, j, _coef[round].AsSpan(j * f, f), _intercept[round][j]);
            }
        }
    }

    private void FitColumn(double[,] filled, List<int> rows, int j, Span<float> coef, out float intercept)
    {
        int f = InputColumns, m = rows.Count;
        var mean = new double[f];
        foreach (int r in rows)
            for (int c = 0; c < f; c++) mean[c] += filled[r, c];
        for (int c = 0; c < f; c++) mean[c] /= m;
        // Normal equations over the other columns (index map skips j).
        int p = f - 1;
        var a = new double[p * p];
        var b = new double[p];
        foreach (int r in rows)
        {
            double y = filled[r, j] - mean[j];
            for (int u = 0, cu = 0; cu < f; cu++)
            {
                if (cu == j) continue;
                double xu = filled[r, cu] - mean[cu];
                b[u] += xu * y;
                for (int v = 0, cv = 0; cv < f; cv++)
                {
                    if (cv == j) continue;
                    a[u * p + v] += xu * (filled[r, cv] - mean[cv]);
                    v++;
                }
                u++;
            }
        }
        double ridge = Math.Max(Alpha, 1e-10);
        for (int u = 0; u < p; u++) a[u * p + u] += ridge;
        if (p > 0) DenseLinearAlgebra.CholeskySolve(a, b, p);
        double b0 = mean[j];
        coef.Clear();
        for (int u = 0, c = 0; c < f; c++)
        {
            if (c == j) continue;
            coef[c] = (float)b[u];
            b0 -= mean[c] * b[u];
            u++;
        }
        intercept = (float)b0;
    }

    private void Predict(double[,] filled, float[,] original, int j, ReadOnlySpan<float> coef, float intercept)
    {
        for (int r = 0; r < original.GetLength(0); r++)
        {
            if (!float.IsNaN(original[r, j])) continue;
            double s = intercept;
            for (int c = 0; c < InputColumns; c++)
                if (c != j) s += coef[c] * filled[r, c];
            filled[r, j] = s;
        }
    }

    private double[,] Fill(float[,] x)
    {
        var filled = new double[x.GetLength(0), InputColumns];
        for (int r = 0; r < x.GetLength(0); r++)
            for (int c = 0; c < InputColumns; c++)
                filled[r, c] = float.IsNaN(x[r, c]) ? _means[c] : x[r, c];
        return filled;
    }

    /// <inheritdoc/>
    protected override float[,] TransformCore(float[,] x)
    {
        int f = InputColumns;
        var filled = Fill(x);
        for (int round = 0; round < Rounds; round++)
            for (int j = 0; j < f; j++)
                Predict(filled, x, j, _coef[round].AsSpan(j * f, f), _intercept[round][j]);
        var y = new float[x.GetLength(0), f];
        for (int r = 0; r < x.GetLength(0); r++)
            for (int c = 0; c < f; c++) y[r, c] = (float)filled[r, c];
        return y;
    }

    /// <inheritdoc/>
    public override TransformState GetState()
    {
        EnsureFitted();
        var s = new TransformState(nameof(IterativeImputer));
        s.Arrays["means"] = (float[])_means.Clone();
        s.Arrays["alpha"] = [(float)Alpha];
        for (int r = 0; r < Rounds; r++)
        {
            s.Arrays[$"coef_{r}"] = (float[])_coef[r].Clone();
            s.Arrays[$"intercept_{r}"] = (float[])_intercept[r].Clone();
        }
        s.Strings["rounds"] = Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return s;
    }

    /// <summary>Rebuilds a fitted imputer from <paramref name="state"/>.</summary>
    public static new IterativeImputer FromState(TransformState state)
    {
        CheckKind(state, nameof(IterativeImputer));
        int rounds = int.Parse(state.String("rounds"), System.Globalization.CultureInfo.InvariantCulture);
        var imp = new IterativeImputer(rounds, state.Array("alpha")[0]) { _means = state.Array("means") };
        imp.InputColumns = imp._means.Length;
        imp._coef = new float[rounds][];
        imp._intercept = new float[rounds][];
        for (int r = 0; r < rounds; r++)
        {
            imp._coef[r] = state.Array($"coef_{r}");
            imp._intercept[r] = state.Array($"intercept_{r}");
        }
        imp.IsFitted = true;
        return imp;
    }
}
