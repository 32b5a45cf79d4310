namespace Nabla.Data.Csv;

/// <summary>The type of a table column.</summary>
public enum ColumnKind
{
    /// <summary>Numbers (parsed with the invariant culture); missing values become NaN.</summary>
    Numeric,

    /// <summary>Category names (text); missing values become null.</summary>
    Categorical,
}
