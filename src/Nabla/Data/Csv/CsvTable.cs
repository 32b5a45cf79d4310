namespace Nabla.Data.Csv;

/// <summary>
/// A typed table read by <see cref="CsvReader"/>: columns of numbers (NaN = missing) or categories
/// (null = missing), an optional target column, and how many bad rows were skipped. Turn it into an
/// <see cref="IDataset"/> with <see cref="Preprocessing.TabularPreprocessor"/>.
/// </summary>
public sealed class CsvTable
{
    private readonly CsvColumn[] _columns;

    internal CsvTable(string source, CsvColumn[] columns, int rowCount, int? targetIndex, IReadOnlyList<string> skipped)
    {
        Source = source;
        _columns = columns;
        RowCount = rowCount;
        TargetIndex = targetIndex;
        SkippedRowMessages = skipped;
    }

    /// <summary>The file (or source name) the table was read from.</summary>
    public string Source { get; }

    /// <summary>All columns, target included, in file order.</summary>
    public IReadOnlyList<CsvColumn> Columns => _columns;

    /// <summary>Number of data rows kept.</summary>
    public int RowCount { get; }

    /// <summary>Position of the target column, or null when there is none.</summary>
    public int? TargetIndex { get; }

    /// <summary>The target column, or null.</summary>
    public CsvColumn? Target => TargetIndex is int t ? _columns[t] : null;

    /// <summary>The columns other than the target, in file order.</summary>
    public IReadOnlyList<CsvColumn> Features
    {
        get
        {
            var list = new List<CsvColumn>(_columns.Length);
            for (int i = 0; i < _columns.Length; i++) if (i != TargetIndex) list.Add(_columns[i]);
            return list;
        }
    }

    /// <summary>Number of rows skipped because of <see cref="CsvOptions.SkipBadRows"/>.</summary>
    public int SkippedRows => SkippedRowMessages.Count;

    /// <summary>Why each skipped row was skipped (file, line and problem).</summary>
    public IReadOnlyList<string> SkippedRowMessages { get; }

    /// <summary>The column named <paramref name="name"/>; fails listing the available names.</summary>
    public CsvColumn Column(string name)
    {
        foreach (var c in _columns) if (c.Name == name) return c;
        throw new ArgumentException($"{Source}: no column named '{name}'; columns are [{string.Join(", ", _columns.Select(c => c.Name))}].", nameof(name));
    }

    /// <summary>A table of the given rows (e.g. a train or test split), same columns and target.</summary>
    public CsvTable SelectRows(ReadOnlySpan<int> rows)
    {
        foreach (int r in rows)
            if ((uint)r >= (uint)RowCount)
                throw new ArgumentOutOfRangeException(nameof(rows), r, $"{Source}: row index outside 0..{RowCount - 1}.");
        var cols = new CsvColumn[_columns.Length];
        for (int i = 0; i < cols.Length; i++) cols[i] = _columns[i].Select(rows);
        return new CsvTable(Source, cols, rows.Length, TargetIndex, SkippedRowMessages);
    }

    /// <summary>The rows without any missing value (the "drop rows" treatment of missing values).</summary>
    public CsvTable DropMissingRows()
    {
        var keep = new List<int>(RowCount);
        for (int r = 0; r < RowCount; r++)
        {
            bool ok = true;
            foreach (var c in _columns) ok &= !c.IsMissing(r);
            if (ok) keep.Add(r);
        }
        return SelectRows(keep.ToArray());
    }
}
