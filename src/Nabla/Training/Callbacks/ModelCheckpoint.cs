using System.Globalization;
using System.Text.RegularExpressions;
using Nabla.Serialization;

namespace Nabla.Training.Callbacks;

/// <summary>
/// Saves a checkpoint at the end of epochs (Keras's ModelCheckpoint): the file name may hold <c>{epoch}</c>
/// (1-based, as Keras), <c>{epoch:02d}</c> and any log such as <c>{val_loss:.4f}</c>. With saveBestOnly, only when
/// <c>monitor</c> improved. weightsOnly writes the weights (and architecture) instead of the full training state.
/// Every write is atomic.
/// </summary>
public sealed partial class ModelCheckpoint(string filePath, string monitor = "val_loss", bool saveBestOnly = false,
                                            bool weightsOnly = false, MonitorMode mode = MonitorMode.Auto, int saveFreq = 1) : Callback
{
    private bool _maximize;
    private double _best;

    /// <summary>The file-name template.</summary>
    public string FilePath { get; } = filePath;

    /// <summary>The best monitored value seen (saveBestOnly).</summary>
    public double Best => _best;

    /// <summary>The last file written, or null.</summary>
    public string? LastSaved { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        if (saveFreq < 1)
            throw new ArgumentException($"ModelCheckpoint: saveFreq must be ≥ 1 epoch, got {saveFreq}");
        _maximize = Monitor.Maximize(monitor, mode);
        _best = _maximize ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        if ((epoch + 1) % saveFreq != 0)
            return;
        if (saveBestOnly)
        {
            if (Monitor.Value(logs, monitor) is not double current || !Monitor.Improved(current, _best, 0, _maximize))
                return;
            _best = current;
        }
        string path = Expand(FilePath, epoch, logs);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
            Directory.CreateDirectory(dir);
        if (weightsOnly)
            Checkpoint.SaveWeights(path, Trainer.Model);
        else
            Checkpoint.Save(path, Trainer);
        LastSaved = path;
    }

    /// <summary>Fills <c>{epoch}</c>, <c>{epoch:02d}</c>, <c>{name}</c> and <c>{name:.4f}</c> placeholders.</summary>
    internal static string Expand(string template, int epoch, Logs logs) =>
        Placeholder().Replace(template, m =>
        {
            string key = m.Groups["key"].Value, format = m.Groups["format"].Value;
            double value = key == "epoch" ? epoch + 1
                : logs.TryGetValue(key, out double v) ? v
                : throw new InvalidOperationException($"ModelCheckpoint: the file name uses {{{key}}}, which is not in the logs ({string.Join(", ", logs.Keys)})");
            if (format.Length == 0)
                return key == "epoch" ? ((int)value).ToString(CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);
            var fm = PythonFormat().Match(format);
            if (!fm.Success)
                throw new InvalidOperationException($"ModelCheckpoint: unsupported format ':{format}' in {{{key}:{format}}}; use forms like 02d or .4f");
            int digits = int.Parse(fm.Groups["digits"].Value, CultureInfo.InvariantCulture);
            return fm.Groups["kind"].Value == "d"
                ? ((long)value).ToString("D" + digits, CultureInfo.InvariantCulture)
                : value.ToString("F" + digits, CultureInfo.InvariantCulture);
        });

    [GeneratedRegex(@"\{(?<key>[A-Za-z_][A-Za-z0-9_]*)(:(?<format>[^}]*))?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^0?\.?(?<digits>\d+)(?<kind>[df])$")]
    private static partial Regex PythonFormat();
}
