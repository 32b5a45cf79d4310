namespace Nabla.Data.Preprocessing;

/// <summary>
/// Standardization per column: <c>z = (x − mean) / std</c> with the population standard deviation
/// <c>std = sqrt(Σ(x − mean)² / n)</c> (scikit-learn's StandardScaler, ddof = 0). Missing values (NaN) are
/// ignored by Fit and stay NaN; a constant column gets scale 1 (as scikit-learn) so it maps to 0.
/// </summary>
public sealed class StandardScaler : MatrixTransformer
{
    // A column whose spread is below 10 machine epsilons of its magnitude is treated as constant (as scikit-learn).
    private const double ConstantTolerance = 10 * 2.220446049250313e-16;

    private float[] _mean = [];
    private float[] _scale = [];

    /// <summary>Per-column means learned by Fit.</summary>
    public ReadOnlySpan<float> Mean { get { EnsureFitted(); return _mean; } }

    /// <summary>Per-column scales (standard deviations, 1 for constant columns).</summary>
    public ReadOnlySpan<float> Scale { get { EnsureFitted(); return _scale; } }

    /// <inheritdoc/>
    protected override void FitCore(float[,] x)
    {
        int f = InputColumns;
        _mean = new float[f];
        _scale = new float[f];
        for (int c = 0; c < f; c++)
        {
            var v = Observed(x, c);
            double mean = 0, ss = 0;
            foreach (double d in v) mean += d;
            mean = v.Count > 0 ? mean / v.Count : 0;
            foreach (double d in v) ss += (d - mean) * (d - mean);
            double std = v.Count > 0 ? Math.Sqrt(ss / v.Count) : 0;
            _mean[c] = (float)mean;
            _scale[c] = std > ConstantTolerance * Math.Max(1, Math.Abs(mean)) ? (float)std : 1f;
        }
    }

    /// <inheritdoc/>
    protected override float[,] TransformCore(float[,] x)
    {
        var y = new float[x.GetLength(0), x.GetLength(1)];
        for (int r = 0; r < x.GetLength(0); r++)
            for (int c = 0; c < InputColumns; c++)
                y[r, c] = (x[r, c] - _mean[c]) / _scale[c];
        return y;
    }

    /// <summary>Maps standardized values back: <c>x = z · std + mean</c>.</summary>
    public float[,] InverseTransform(float[,] z)
    {
        ArgumentNullException.ThrowIfNull(z);
        EnsureFitted();
        CheckColumns(z, nameof(InverseTransform));
        var x = new float[z.GetLength(0), z.GetLength(1)];
        for (int r = 0; r < z.GetLength(0); r++)
            for (int c = 0; c < InputColumns; c++)
                x[r, c] = z[r, c] * _scale[c] + _mean[c];
        return x;
    }

    /// <inheritdoc/>
    public override TransformState GetState()
    {
        EnsureFitted();
        var s = new TransformState(nameof(StandardScaler));
        s.Arrays["mean"] = (float[])_mean.Clone();
        s.Arrays["scale"] = (float[])_scale.Clone();
        return s;
    }

    /// <summary>Rebuilds a fitted scaler from <paramref name="state"/>.</summary>
    public static new StandardScaler FromState(TransformState state)
    {
        CheckKind(state, nameof(StandardScaler));
        var s = new StandardScaler { _mean = state.Array("mean"), _scale = state.Array("scale") };
        s.InputColumns = s._mean.Length;
        s.IsFitted = true;
        return s;
    }
}
