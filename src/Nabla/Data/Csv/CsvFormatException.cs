namespace Nabla.Data.Csv;

/// <summary>A delimited file that cannot be read: the message names the file, the line and what was expected.</summary>
public sealed class CsvFormatException : FormatException
{
    /// <summary>Creates the exception for <paramref name="source"/> at <paramref name="line"/> (1-based; 0 when not about one line).</summary>
    public CsvFormatException(string source, int line, string message)
        : base(line > 0 ? $"{source}, line {line}: {message}" : $"{source}: {message}")
    {
        Source = source;
        Line = line;
    }

    /// <summary>The file (or source name) being read.</summary>
    public new string Source { get; }

    /// <summary>The 1-based line where the offending record starts (0 when the error is not about one line).</summary>
    public int Line { get; }
}
