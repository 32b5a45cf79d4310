using System.Globalization;

namespace Nabla.Data.Csv;

/// <summary>
/// Reads CSV/TSV files into a typed <see cref="CsvTable"/> with strict validation: a row with the wrong number
/// of fields fails with the file, the line, the expected and the actual count; an unparsable number fails with
/// the file, the line, the column name and the text (both as <see cref="DataException"/>). With <see cref="CsvOptions.SkipBadRows"/> such rows are
/// skipped instead and counted. Quoting follows RFC 4180.
/// </summary>
public static class CsvReader
{
    /// <summary>Reads the delimited file at <paramref name="path"/>.</summary>
    public static CsvTable Read(string path, CsvOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new CsvOptions();
        if (!File.Exists(path))
            throw new DataException($"CsvReader: file \'{path}\' does not exist.");
        char delimiter = options.Delimiter ?? DelimiterFor(path);
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Parse(reader, path, options, delimiter);
    }

    /// <summary>Parses delimited text from <paramref name="reader"/>; <paramref name="sourceName"/> appears in
    /// error messages. The delimiter defaults to a comma when the options give none.</summary>
    public static CsvTable Parse(TextReader reader, string sourceName, CsvOptions? options = null) =>
        Parse(reader, sourceName, options ?? new CsvOptions(), options?.Delimiter ?? ',');

    /// <summary>The default delimiter for a file name: tab for .tsv/.tab, comma otherwise.</summary>
    public static char DelimiterFor(string path)
    {
        string ext = Path.GetExtension(path);
        return ext.Equals(".tsv", StringComparison.OrdinalIgnoreCase) || ext.Equals(".tab", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';
    }

    private static CsvTable Parse(TextReader reader, string source, CsvOptions options, char delimiter)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (delimiter == options.Quote || delimiter is '\n' or '\r')
            throw new ArgumentException($"CsvReader: delimiter '{delimiter}' cannot be the quote character or a line break.", nameof(options));
        var records = new CsvRecordReader(reader, source, delimiter, options.Quote, options.TrimFields);
        var first = records.Next(out int firstLine)
            ?? throw Fail(source, 0, "the file is empty; expected " + (options.HasHeader ? "a header row and data rows." : "data rows."));
        int width = first.Count;
        string[] names = options.HasHeader ? HeaderNames(first, source, firstLine) : DefaultNames(width);
        var rows = new List<string[]>();
        var lines = new List<int>();
        var skipped = new List<string>();
        if (!options.HasHeader) { rows.Add(first.ToArray()); lines.Add(firstLine); }
        while (records.Next(out int line) is { } fields)
        {
            if (fields.Count != width)
            {
                string msg = $"{source}, line {line}: expected {width} fields (as the {(options.HasHeader ? "header" : "first row")}) but found {fields.Count}.";
                if (!options.SkipBadRows)
                    throw Fail(source, line, $"expected {width} fields (as the {(options.HasHeader ? "header" : "first row")}) but found {fields.Count}; check the delimiter and quoting of this row.");
                skipped.Add(msg);
                continue;
            }
            rows.Add(fields.ToArray());
            lines.Add(line);
        }
        if (rows.Count == 0 && skipped.Count == 0)
            throw Fail(source, 0, "the file has a header but no data rows.");
        var missing = new HashSet<string>(options.MissingTokens, StringComparer.Ordinal);
        var kinds = new ColumnKind[width];
        for (int c = 0; c < width; c++)
            kinds[c] = options.ColumnKinds is { } given && given.TryGetValue(names[c], out var k) ? k : Infer(rows, c, missing);
        if (options.ColumnKinds is { } declared)
            foreach (var name in declared.Keys)
                if (Array.IndexOf(names, name) < 0)
                    throw new ArgumentException($"CsvReader: {source} has no column '{name}' (given in ColumnKinds); columns are [{string.Join(", ", names)}].", nameof(options));
        var bad = new bool[rows.Count];
        for (int r = 0; r < rows.Count; r++)
            for (int c = 0; c < width && !bad[r]; c++)
            {
                string text = rows[r][c];
                if (kinds[c] != ColumnKind.Numeric || missing.Contains(text) || TryNumber(text, out _)) continue;
                string problem = $"column '{names[c]}' expects a number but the text is \"{text}\"";
                if (!options.SkipBadRows)
                    throw Fail(source, lines[r],
                        problem + "; fix the value, add it to MissingTokens, or declare the column Categorical in ColumnKinds.");
                skipped.Add($"{source}, line {lines[r]}: {problem}.");
                bad[r] = true;
            }
        int kept = 0;
        foreach (bool b in bad) if (!b) kept++;
        var columns = new CsvColumn[width];
        for (int c = 0; c < width; c++) columns[c] = BuildColumn(names[c], kinds[c], rows, bad, kept, c, missing);
        return new CsvTable(source, columns, kept, ResolveTarget(options, names, source), skipped);
    }

    private static DataException Fail(string source, int line, string message) =>
        new(line > 0 ? $"{source}, line {line}: {message}" : $"{source}: {message}");

    private static string[] HeaderNames(List<string> header, string source, int line)
    {
        var names = header.ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0) names[i] = $"c{i}";
            if (!seen.Add(names[i]))
                throw Fail(source, line, $"the header names column '{names[i]}' twice; column names must be unique.");
        }
        return names;
    }

    private static string[] DefaultNames(int width)
    {
        var names = new string[width];
        for (int i = 0; i < width; i++) names[i] = $"c{i}";
        return names;
    }

    /// <summary>Numeric when every present value parses, or when more than half do (the rest then fail as bad
    /// numbers instead of silently turning the column into categories); categorical otherwise.</summary>
    private static ColumnKind Infer(List<string[]> rows, int column, HashSet<string> missing)
    {
        int present = 0, numbers = 0;
        foreach (var row in rows)
        {
            if (missing.Contains(row[column])) continue;
            present++;
            if (TryNumber(row[column], out _)) numbers++;
        }
        return present == 0 || 2 * numbers > present ? ColumnKind.Numeric : ColumnKind.Categorical;
    }

    private static bool TryNumber(string text, out float value) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static CsvColumn BuildColumn(string name, ColumnKind kind, List<string[]> rows, bool[] bad, int kept, int c, HashSet<string> missing)
    {
        if (kind == ColumnKind.Numeric)
        {
            var numbers = new float[kept];
            for (int r = 0, i = 0; r < rows.Count; r++)
            {
                if (bad[r]) continue;
                string text = rows[r][c];
                numbers[i++] = missing.Contains(text) ? float.NaN : float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            return new CsvColumn(name, kind, numbers, null);
        }
        var cats = new string?[kept];
        for (int r = 0, i = 0; r < rows.Count; r++)
        {
            if (bad[r]) continue;
            string text = rows[r][c];
            cats[i++] = missing.Contains(text) ? null : text;
        }
        return new CsvColumn(name, kind, null, cats);
    }

    private static int? ResolveTarget(CsvOptions options, string[] names, string source)
    {
        if (options.TargetColumn is { } name)
        {
            int i = Array.IndexOf(names, name);
            if (i < 0)
                throw new ArgumentException($"CsvReader: target column '{name}' is not in {source}; columns are [{string.Join(", ", names)}].", nameof(options));
            return i;
        }
        if (options.TargetIndex is int index)
        {
            int i = index < 0 ? names.Length + index : index;
            if ((uint)i >= (uint)names.Length)
                throw new ArgumentException($"CsvReader: target index {index} is outside the {names.Length} columns of {source}.", nameof(options));
            return i;
        }
        return null;
    }
}
