namespace Nabla.Data.Csv;

/// <summary>One column of a <see cref="CsvTable"/>: its name, its kind and its values.</summary>
public sealed class CsvColumn
{
    internal CsvColumn(string name, ColumnKind kind, float[]? numbers, string?[]? categories)
    {
        Name = name;
        Kind = kind;
        Numbers = numbers ?? [];
        Categories = categories ?? [];
    }

    /// <summary>The column name (from the header, or <c>c{index}</c>).</summary>
    public string Name { get; }

    /// <summary>Numeric or categorical.</summary>
    public ColumnKind Kind { get; }

    /// <summary>The values of a numeric column (NaN = missing); empty for a categorical column.</summary>
    public float[] Numbers { get; }

    /// <summary>The values of a categorical column (null = missing); empty for a numeric column.</summary>
    public string?[] Categories { get; }

    /// <summary>Number of rows.</summary>
    public int Length => Kind == ColumnKind.Numeric ? Numbers.Length : Categories.Length;

    /// <summary>Number of missing values.</summary>
    public int MissingCount
    {
        get
        {
            int n = 0;
            if (Kind == ColumnKind.Numeric) { foreach (float v in Numbers) if (float.IsNaN(v)) n++; }
            else foreach (string? s in Categories) if (s is null) n++;
            return n;
        }
    }

    /// <summary>Whether row <paramref name="row"/> is missing.</summary>
    public bool IsMissing(int row) => Kind == ColumnKind.Numeric ? float.IsNaN(Numbers[row]) : Categories[row] is null;

    internal CsvColumn Select(ReadOnlySpan<int> rows)
    {
        if (Kind == ColumnKind.Numeric)
        {
            var n = new float[rows.Length];
            for (int i = 0; i < rows.Length; i++) n[i] = Numbers[rows[i]];
            return new CsvColumn(Name, Kind, n, null);
        }
        var c = new string?[rows.Length];
        for (int i = 0; i < rows.Length; i++) c[i] = Categories[rows[i]];
        return new CsvColumn(Name, Kind, null, c);
    }
}
