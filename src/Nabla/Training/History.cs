using System.Globalization;
using System.Text;

namespace Nabla.Training;

/// <summary>
/// What <see cref="Trainer.Fit(Nabla.Data.IDataset, FitOptions)"/> recorded: for each finished epoch, the value of
/// every log (loss, metrics, their val_ forms, lr), in Keras's layout <c>history.history["val_loss"]</c>.
/// </summary>
public sealed class History
{
    private readonly Dictionary<string, List<double>> _values = [];
    private readonly List<int> _epochs = [];

    /// <summary>The epoch numbers recorded (0-based, as Keras).</summary>
    public IReadOnlyList<int> Epochs => _epochs;

    /// <summary>Each log's values, one per recorded epoch (NaN where an epoch lacks it, e.g. no validation that epoch).</summary>
    public IReadOnlyDictionary<string, List<double>> Values => _values;

    /// <summary>The values of one log; throws naming the available logs if it was never recorded.</summary>
    public IReadOnlyList<double> this[string key] => _values.TryGetValue(key, out var list) ? list
        : throw new KeyNotFoundException($"History: no log named '{key}'; recorded: {string.Join(", ", _values.Keys)}");

    /// <summary>Appends one epoch's logs.</summary>
    public void Add(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        _epochs.Add(epoch);
        foreach (var (key, value) in logs)
        {
            if (!_values.TryGetValue(key, out var list))
            {
                list = [];
                for (int i = 0; i < _epochs.Count - 1; i++)
                    list.Add(double.NaN);
                _values[key] = list;
            }
            list.Add(value);
        }
        foreach (var list in _values.Values)
            if (list.Count < _epochs.Count)
                list.Add(double.NaN);
    }

    /// <summary>The history as CSV: an <c>epoch</c> column then one column per log, invariant culture.</summary>
    public string ToCsv()
    {
        var keys = _values.Keys.ToList();
        var sb = new StringBuilder("epoch");
        foreach (var k in keys)
            sb.Append(',').Append(k);
        sb.Append('\n');
        for (int i = 0; i < _epochs.Count; i++)
        {
            sb.Append(_epochs[i].ToString(CultureInfo.InvariantCulture));
            foreach (var k in keys)
                sb.Append(',').Append(_values[k][i].ToString("R", CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Rebuilds a history from <see cref="ToCsv"/> output (used when resuming).</summary>
    public static History FromCsv(string csv)
    {
        var history = new History();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
            return history;
        var keys = lines[0].Split(',');
        for (int i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != keys.Length)
                throw new FormatException($"History: line {i + 1} has {cells.Length} cells, the header has {keys.Length}");
            var logs = new Dictionary<string, double>();
            for (int c = 1; c < cells.Length; c++)
                logs[keys[c]] = double.Parse(cells[c], CultureInfo.InvariantCulture);
            history.Add(int.Parse(cells[0], CultureInfo.InvariantCulture), logs);
        }
        return history;
    }
}
