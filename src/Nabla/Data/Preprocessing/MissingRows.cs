namespace Nabla.Data.Preprocessing;

/// <summary>
/// The "drop rows" treatment of missing values: keeps only the rows without any NaN. It needs no fitting (the
/// same rule applies to every split), and it reports which rows were kept so that targets can follow.
/// </summary>
public static class MissingRows
{
    /// <summary>Returns the rows of <paramref name="x"/> that contain no NaN; <paramref name="kept"/> lists
    /// their original indices (ascending).</summary>
    public static float[,] Drop(float[,] x, out int[] kept)
    {
        ArgumentNullException.ThrowIfNull(x);
        int rows = x.GetLength(0), cols = x.GetLength(1);
        var keep = new List<int>(rows);
        for (int r = 0; r < rows; r++)
        {
            bool ok = true;
            for (int c = 0; c < cols && ok; c++) ok = !float.IsNaN(x[r, c]);
            if (ok) keep.Add(r);
        }
        kept = keep.ToArray();
        var y = new float[kept.Length, cols];
        for (int i = 0; i < kept.Length; i++)
            for (int c = 0; c < cols; c++) y[i, c] = x[kept[i], c];
        return y;
    }
}
