using System.Text;

namespace Nabla.Data.Csv;

/// <summary>Splits text into RFC 4180 records: quoted fields may hold delimiters, line breaks and doubled quotes.</summary>
internal sealed class CsvRecordReader(TextReader reader, string source, char delimiter, char quote, bool trim)
{
    private readonly StringBuilder _field = new();
    private int _line = 1;

    /// <summary>Reads the next record; returns null at the end. <paramref name="startLine"/> is where it begins.</summary>
    public List<string>? Next(out int startLine)
    {
        while (true)
        {
            startLine = _line;
            int first = reader.Peek();
            if (first < 0) return null;
            var record = ReadRecord(out bool blank);
            if (!blank) return record;
        }
    }

    private List<string> ReadRecord(out bool blank)
    {
        var fields = new List<string>();
        _field.Clear();
        bool quoted = false, anyChar = false;
        int startLine = _line;
        while (true)
        {
            int ch = reader.Read();
            if (ch < 0 || ch == '\n' || ch == '\r')
            {
                if (ch == '\r' && reader.Peek() == '\n') reader.Read();
                if (ch >= 0) _line++;
                fields.Add(Finish(quoted));
                blank = !anyChar;
                return fields;
            }
            anyChar = true;
            if (ch == delimiter)
            {
                fields.Add(Finish(quoted));
                quoted = false;
            }
            else if (ch == quote && IsBlank(_field))
            {
                _field.Clear();
                quoted = true;
                ReadQuoted(startLine);
            }
            else if (quoted)
            {
                if (!char.IsWhiteSpace((char)ch))
                    throw new DataException(Position(_line) + $"unexpected character '{(char)ch}' after the closing quote of field {fields.Count + 1}; quote the whole field and double any quote inside it.");
            }
            else _field.Append((char)ch);
        }
    }

    private void ReadQuoted(int startLine)
    {
        while (true)
        {
            int ch = reader.Read();
            if (ch < 0)
                throw new DataException(Position(startLine) + "a quoted field is not closed before the end of the file; add the closing quote.");
            if (ch == quote)
            {
                if (reader.Peek() == quote) { reader.Read(); _field.Append(quote); continue; }
                return;
            }
            if (ch == '\n') _line++;
            else if (ch == '\r' && reader.Peek() != '\n') _line++;
            _field.Append((char)ch);
        }
    }

    private string Position(int line) => $"{source}, line {line}: ";

    private string Finish(bool quoted)
    {
        string s = _field.ToString();
        _field.Clear();
        return quoted || !trim ? s : s.Trim();
    }

    private static bool IsBlank(StringBuilder sb)
    {
        for (int i = 0; i < sb.Length; i++) if (!char.IsWhiteSpace(sb[i])) return false;
        return true;
    }
}
