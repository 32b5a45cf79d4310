namespace Nabla.Data.Preprocessing;

/// <summary>
/// Min-max scaling per column to <c>[low, high]</c>: <c>y = (x − min) · (high − low) / (max − min) + low</c>
/// (scikit-learn's MinMaxScaler with feature_range = (low, high)). A constant column uses range 1, so it maps
/// to <c>low</c>. Missing values (NaN) are ignored by Fit and stay NaN. Values outside the training range are
/// not clipped.
/// </summary>
public sealed class MinMaxScaler : MatrixTransformer
{
    private float[] _min = [];
    private float[] _scale = [];

    /// <summary>Creates a scaler to the range [<paramref name="low"/>, <paramref name="high"/>] (default [0, 1]).</summary>
    public MinMaxScaler(float low = 0f, float high = 1f)
    {
        if (!(high > low))
            throw new ArgumentException($"MinMaxScaler: the range [{low}, {high}] is empty; pass low < high.", nameof(high));
        Low = low;
        High = high;
    }

    /// <summary>Lower end of the output range.</summary>
    public float Low { get; }

    /// <summary>Upper end of the output range.</summary>
    public float High { get; }

    /// <summary>Per-column minima seen by Fit.</summary>
    public ReadOnlySpan<float> DataMin { get { EnsureFitted(); return _min; } }

    /// <inheritdoc/>
    protected override void FitCore(float[,] x)
    {
        int f = InputColumns;
        _min = new float[f];
        _scale = new float[f];
        for (int c = 0; c < f; c++)
        {
            float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
            for (int r = 0; r < x.GetLength(0); r++)
            {
                float v = x[r, c];
                if (float.IsNaN(v)) continue;
                lo = MathF.Min(lo, v);
                hi = MathF.Max(hi, v);
            }
            if (lo > hi) { lo = 0; hi = 0; }
            double range = (double)hi - lo;
            _min[c] = lo;
            _scale[c] = (float)((High - (double)Low) / (range > 0 ? range : 1.0));
        }
    }

    /// <inheritdoc/>
    protected override float[,] TransformCore(float[,] x)
    {
        var y = new float[x.GetLength(0), x.GetLength(1)];
        for (int r = 0; r < x.GetLength(0); r++)
            for (int c = 0; c < InputColumns; c++)
                y[r, c] = (x[r, c] - _min[c]) * _scale[c] + Low;
        return y;
    }

    /// <summary>Maps scaled values back to the original units.</summary>
    public float[,] InverseTransform(float[,] y)
    {
        ArgumentNullException.ThrowIfNull(y);
        EnsureFitted();
        CheckColumns(y, nameof(InverseTransform));
        var x = new float[y.GetLength(0), y.GetLength(1)];
        for (int r = 0; r < y.GetLength(0); r++)
            for (int c = 0; c < InputColumns; c++)
                x[r, c] = (y[r, c] - Low) / _scale[c] + _min[c];
        return x;
    }

    /// <inheritdoc/>
    public override TransformState GetState()
    {
        EnsureFitted();
        var s = new TransformState(nameof(MinMaxScaler));
        s.Arrays["min"] = (float[])_min.Clone();
        s.Arrays["scale"] = (float[])_scale.Clone();
        s.Arrays["range"] = [Low, High];
        return s;
    }

    /// <summary>Rebuilds a fitted scaler from <paramref name="state"/>.</summary>
    public static new MinMaxScaler FromState(TransformState state)
    {
        CheckKind(state, nameof(MinMaxScaler));
        var range = state.Array("range");
        var s = new MinMaxScaler(range[0], range[1]) { _min = state.Array("min"), _scale = state.Array("scale") };
        s.InputColumns = s._min.Length;
        s.IsFitted = true;
        return s;
    }
}
