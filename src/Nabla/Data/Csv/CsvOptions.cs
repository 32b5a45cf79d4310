namespace Nabla.Data.Csv;

/// <summary>Options of <see cref="CsvReader"/>.</summary>
public sealed class CsvOptions
{
    /// <summary>The field delimiter; null picks tab for a <c>.tsv</c>/<c>.tab</c> file and comma otherwise.</summary>
    public char? Delimiter { get; init; }

    /// <summary>Whether the first record holds the column names (default true). Without one, columns are
    /// named <c>c0</c>, <c>c1</c>, ...</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>The quote character of RFC 4180 quoting (default <c>"</c>; a doubled quote inside a quoted field
    /// is one quote).</summary>
    public char Quote { get; init; } = '"';

    /// <summary>Whether unquoted fields are trimmed of surrounding spaces (default true).</summary>
    public bool TrimFields { get; init; } = true;

    /// <summary>Field texts that mean "missing" (default: empty, <c>NA</c>, <c>NaN</c>, <c>?</c>; case-sensitive).</summary>
    public IReadOnlyCollection<string> MissingTokens { get; init; } = ["", "NA", "NaN", "?"];

    /// <summary>Column kinds given by name; other columns are inferred (numeric when every present value is a
    /// number, or when most are and the rest are then reported as bad numbers; categorical otherwise).</summary>
    public IReadOnlyDictionary<string, ColumnKind>? ColumnKinds { get; init; }

    /// <summary>The target column by name (takes precedence over <see cref="TargetIndex"/>).</summary>
    public string? TargetColumn { get; init; }

    /// <summary>The target column by zero-based position; negative counts from the end (−1 = last column).</summary>
    public int? TargetIndex { get; init; }

    /// <summary>When true, rows with a wrong field count or an unparsable number are skipped and counted in
    /// <see cref="CsvTable.SkippedRows"/> (with their messages in <see cref="CsvTable.SkippedRowMessages"/>);
    /// when false (default) the first such row fails the read.</summary>
    public bool SkipBadRows { get; init; }
}
