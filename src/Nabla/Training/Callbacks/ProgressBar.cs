using System.Diagnostics;
using System.Globalization;
using System.Text;
using Spectre.Console;

namespace Nabla.Training.Callbacks;

/// <summary>
/// Training progress, added by Fit when verbose &gt; 0. On an interactive terminal: a live Spectre.Console bar per
/// epoch with ETA, throughput (samples/s) and the running loss and metrics, refreshed a few times a second. When
/// output is redirected, CI=true, a writer is given, or <c>epochLinesOnly</c>: one plain line per epoch
/// (<c>Epoch 3/10 - 4.1s - 14,634 samples/s - loss: 0.3120 - accuracy: 0.8867 - val_loss: ...</c>).
/// </summary>
public sealed class ProgressBar(TextWriter? output = null, bool epochLinesOnly = false) : Callback
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(200);
    private readonly Stopwatch _epochClock = new();
    private readonly Stopwatch _sinceRefresh = new();
    private long _samples;
    private bool _live;
    private ProgressTask? _task;
    private Task? _display;
    private volatile bool _finished;

    /// <summary>Whether this run draws a live bar (false: plain lines).</summary>
    public static bool IsInteractive =>
        !Console.IsOutputRedirected && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override void OnTrainBegin(Logs logs)
    {
        _live = output is null && !epochLinesOnly && IsInteractive;
        _finished = false;
    }

    /// <inheritdoc/>
    public override void OnEpochBegin(int epoch, Logs logs)
    {
        _epochClock.Restart();
        _sinceRefresh.Restart();
        _samples = 0;
        if (!_live)
            return;
        var state = Trainer.Progress!;
        var ready = new ManualResetEventSlim();
        _display = AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(),
                     new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                _task = ctx.AddTask(Markup.Escape(Header(epoch, state.Epochs)), maxValue: Math.Max(state.StepsPerEpoch, 1));
                ready.Set();
                while (!_finished && !_task.IsFinished)
                    await Task.Delay(Refresh).ConfigureAwait(false);
            });
        ready.Wait();
    }

    /// <inheritdoc/>
    public override void OnBatchEnd(int batch, Logs logs)
    {
        _samples += (long)(logs.Get("size") ?? 0);
        if (!_live || _task is null)
            return;
        _task.Value = batch + 1;
        if (_sinceRefresh.Elapsed >= Refresh)
        {
            _sinceRefresh.Restart();
            var state = Trainer.Progress!;
            _task.Description = Markup.Escape($"{Header(state.Epoch, state.Epochs)} {Throughput()} - {Format(Trainer.RunningLogs())}");
        }
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, Logs logs)
    {
        string line = $"{Header(epoch, Trainer.Progress?.Epochs ?? epoch + 1)} - {_epochClock.Elapsed.TotalSeconds:F1}s - {Throughput()} - {Format(logs)}";
        if (_live && _task is not null)
        {
            _task.Description = Markup.Escape(line);
            _task.Value = _task.MaxValue;
            _display?.Wait();
            _task = null;
        }
        else
            (output ?? Console.Out).WriteLine(line);
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(Logs logs)
    {
        _finished = true;
        _display?.Wait();
        _display = null;
    }

    private static string Header(int epoch, int epochs) => $"Epoch {epoch + 1}/{epochs}";

    private string Throughput()
    {
        double seconds = _epochClock.Elapsed.TotalSeconds;
        return seconds > 0 ? $"{(_samples / seconds).ToString("N0", CultureInfo.InvariantCulture)} samples/s" : "";
    }

    /// <summary>Logs as <c>name: value</c> pairs joined by " - ", Keras's style (4 significant decimals).</summary>
    internal static string Format(IReadOnlyDictionary<string, double> logs)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in logs)
        {
            if (key is "size" or "batch_loss")
                continue;
            if (sb.Length > 0)
                sb.Append(" - ");
            sb.Append(key).Append(": ").Append(key == "lr" ? value.ToString("G4", CultureInfo.InvariantCulture) : value.ToString("F4", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
