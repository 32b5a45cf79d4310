using Nabla.Training.Callbacks;

namespace Nabla.Cli.Config;

/// <summary>Settings of Keras's EarlyStopping (same names in snake_case, same defaults except patience 3).</summary>
/// <param name="Monitor">The log watched.</param>
/// <param name="Patience">Epochs without improvement tolerated.</param>
/// <param name="MinDelta">Smallest change that counts as an improvement.</param>
/// <param name="Mode">auto, min or max.</param>
/// <param name="RestoreBestWeights">Put back the best epoch's weights when stopping.</param>
public sealed record EarlyStoppingConfig(string Monitor, int Patience, double MinDelta, MonitorMode Mode, bool RestoreBestWeights);

/// <summary>Settings of Keras's ReduceLROnPlateau (same names in snake_case, Keras's defaults).</summary>
/// <param name="Monitor">The log watched.</param>
/// <param name="Factor">Multiplier of the learning rate on a plateau.</param>
/// <param name="Patience">Epochs without improvement before reducing.</param>
/// <param name="MinDelta">Smallest change that counts as an improvement.</param>
/// <param name="Cooldown">Epochs to wait after a reduction.</param>
/// <param name="MinLr">Floor of the learning rate.</param>
public sealed record ReduceLrConfig(string Monitor, double Factor, int Patience, double MinDelta, int Cooldown, double MinLr);

/// <summary>Which epoch's weights are kept as <c>best.safetensors</c> (last.safetensors is always written).</summary>
/// <param name="Monitor">The log watched (default val_loss, or loss without validation data).</param>
/// <param name="Mode">auto (max for names with acc/auc/precision/recall/f1/r2), min or max.</param>
public sealed record CheckpointConfig(string Monitor, MonitorMode Mode);

/// <summary>The <c>callbacks</c> section.</summary>
/// <param name="EarlyStopping">Early stopping, or null.</param>
/// <param name="ReduceLr">Reduce-on-plateau, or null.</param>
/// <param name="Checkpoint">Best-checkpoint selection.</param>
/// <param name="TerminateOnNaN">Stop as soon as the loss is NaN or infinite.</param>
public sealed record CallbacksConfig(EarlyStoppingConfig? EarlyStopping, ReduceLrConfig? ReduceLr, CheckpointConfig Checkpoint, bool TerminateOnNaN)
{
    private static readonly string[] Modes = ["auto", "min", "max"];

    /// <summary>Reads and validates the section.</summary>
    public static CallbacksConfig Read(ConfigSection s, bool hasValidation)
    {
        string defaultMonitor = hasValidation ? "val_loss" : "loss";
        EarlyStoppingConfig? es = null;
        if (s.Section("early_stopping", create: false) is { } e)
        {
            es = new EarlyStoppingConfig(e.String("monitor", defaultMonitor)!, e.Int("patience", 3, 0), e.Number("min_delta", 0, 0),
                                         Mode(e), e.Bool("restore_best_weights", true));
            e.Finish();
        }
        ReduceLrConfig? rl = null;
        if (s.Section("reduce_lr_on_plateau", create: false) is { } r)
        {
            rl = new ReduceLrConfig(r.String("monitor", defaultMonitor)!, r.Number("factor", 0.1, 0, 0.999999), r.Int("patience", 10, 0),
                                    r.Number("min_delta", 1e-4, 0), r.Int("cooldown", 0, 0), r.Number("min_lr", 0, 0));
            r.Finish();
        }
        var c = s.Section("checkpoint", create: true)!;
        var checkpoint = new CheckpointConfig(c.String("monitor", defaultMonitor)!, Mode(c));
        c.Finish();
        bool nan = s.Bool("terminate_on_nan", true);
        s.Finish();
        return new CallbacksConfig(es, rl, checkpoint, nan);
    }

    private static MonitorMode Mode(ConfigSection s) => Enum.Parse<MonitorMode>(s.Choice("mode", "auto", Modes), ignoreCase: true);
}
