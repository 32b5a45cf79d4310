namespace Nabla.Data.Preprocessing;

/// <summary>
/// A preprocessing step over a numeric table <c>float[rows, columns]</c> in which <see cref="float.NaN"/>
/// marks a missing value. Fit learns per-column statistics; Transform returns a new table.
/// </summary>
public abstract class MatrixTransformer : Preprocessor
{
    /// <summary>Number of input columns seen by Fit (0 before).</summary>
    public int InputColumns { get; protected set; }

    /// <summary>Learns the step's statistics from the training table <paramref name="x"/>; returns this step.</summary>
    public MatrixTransformer Fit(float[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.GetLength(0) == 0)
            throw new ArgumentException($"{GetType().Name}.Fit: the training table has no rows [0, {x.GetLength(1)}]; fit on a non-empty training split.", nameof(x));
        InputColumns = x.GetLength(1);
        FitCore(x);
        IsFitted = true;
        return this;
    }

    /// <summary>Applies the fitted step to <paramref name="x"/> (same columns as the training table).</summary>
    public float[,] Transform(float[,] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        EnsureFitted();
        CheckColumns(x, "Transform");
        return TransformCore(x);
    }

    /// <summary>Fit then Transform on the same (training) table.</summary>
    public float[,] FitTransform(float[,] x) => Fit(x).Transform(x);

    /// <summary>Learns the statistics (columns already recorded in <see cref="InputColumns"/>).</summary>
    protected abstract void FitCore(float[,] x);

    /// <summary>Applies the statistics.</summary>
    protected abstract float[,] TransformCore(float[,] x);

    /// <summary>Fails when <paramref name="x"/> does not have the fitted column count.</summary>
    protected void CheckColumns(float[,] x, string op)
    {
        if (x.GetLength(1) != InputColumns)
            throw new ArgumentException(
                $"{GetType().Name}.{op}: fitted on {InputColumns} columns but got a table [{x.GetLength(0)}, {x.GetLength(1)}]; " +
                "pass the same columns, in the same order, as the training data.", nameof(x));
    }

    /// <summary>The non-missing values of column <paramref name="column"/>.</summary>
    internal static List<double> Observed(float[,] x, int column)
    {
        var list = new List<double>(x.GetLength(0));
        for (int r = 0; r < x.GetLength(0); r++)
        {
            float v = x[r, column];
            if (!float.IsNaN(v)) list.Add(v);
        }
        return list;
    }
}
