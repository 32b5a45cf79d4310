using System.Globalization;
using System.Text;

namespace Nabla.Training.Callbacks;

/// <summary>
/// Appends one row per epoch to a CSV file: <c>epoch</c> then the epoch's logs in sorted key order (Keras's
/// CSVLogger). The file is flushed after every row, so a crashed run keeps its finished epochs. With
/// <c>append</c>, an existing file is continued (resume) instead of replaced.
/// </summary>
public sealed class CsvLogger(string path, char separator = ',', bool append = false) : Callback
{
    private StreamWriter? _writer;
    private List<string>? _keys;

    /// <summary>The CSV file.</summary>
    public string Path { get; } = path;

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        bool continuing = append && File.Exists(Path) && new FileInfo(Path).Length > 0;
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (dir is not null)
            Directory.CreateDirectory(dir);
        _keys = continuing ? [.. File.ReadLines(Path).First().Split(separator).Skip(1)] : null;
        _writer = new StreamWriter(Path, continuing, new UTF8Encoding(false));
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if (_writer is null)
            return;
        if (_keys is null)
        {
            _keys = [.. logs.Keys.Order(StringComparer.Ordinal)];
            _writer.WriteLine("epoch" + separator + string.Join(separator, _keys));
        }
        var sb = new StringBuilder(epoch.ToString(CultureInfo.InvariantCulture));
        foreach (var key in _keys)
            sb.Append(separator).Append(logs.TryGetValue(key, out double v) ? v.ToString("R", CultureInfo.InvariantCulture) : "");
        _writer.WriteLine(sb.ToString());
        _writer.Flush();
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs)
    {
        _writer?.Dispose();
        _writer = null;
    }
}
