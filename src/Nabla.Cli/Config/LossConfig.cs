using Nabla.Losses;

namespace Nabla.Cli.Config;

/// <summary>
/// The <c>loss</c> section: a name or <c>{"name": "cross_entropy", "label_smoothing": 0.1}</c>.
/// </summary>
/// <param name="Name">One of <see cref="Names"/>.</param>
/// <param name="LabelSmoothing">Label smoothing ε of cross_entropy.</param>
/// <param name="Delta">δ of huber.</param>
/// <param name="Gamma">Focusing γ of focal.</param>
/// <param name="Alpha">Class balance α of focal.</param>
public sealed record LossConfig(string Name, double LabelSmoothing, double Delta, double Gamma, double Alpha)
{
    /// <summary>The loss names a config can use.</summary>
    public static readonly string[] Names = ["cross_entropy", "nll", "mse", "l1", "huber", "smooth_l1", "bce_with_logits", "focal"];

    /// <summary>Whether the loss takes class-index targets (classification).</summary>
    public bool Classification => Name is "cross_entropy" or "nll";

    /// <summary>Reads and validates the section.</summary>
    public static LossConfig Read(ConfigSection s)
    {
        string name = s.Choice("name", "cross_entropy", Names);
        double smoothing = name == "cross_entropy" ? s.Number("label_smoothing", 0, 0, 1) : 0;
        double delta = name == "huber" ? s.Number("delta", 1, 0, double.MaxValue) : 1;
        double gamma = name == "focal" ? s.Number("gamma", 2, 0, 100) : 2;
        double alpha = name == "focal" ? s.Number("alpha", 0.25, 0, 1) : 0.25;
        s.Finish();
        return new LossConfig(name, smoothing, delta, gamma, alpha);
    }

    /// <summary>Creates the loss.</summary>
    public Loss Create() => Name switch
    {
        "cross_entropy" => new CrossEntropyLoss(labelSmoothing: (float)LabelSmoothing),
        "nll" => new NllLoss(),
        "mse" => new MseLoss(),
        "l1" => new L1Loss(),
        "huber" => new HuberLoss(delta: (float)Delta),
        "smooth_l1" => new SmoothL1Loss(),
        "bce_with_logits" => new BceWithLogitsLoss(),
        "focal" => new FocalLoss((float)Alpha, (float)Gamma),
        _ => throw new InvalidOperationException($"loss '{Name}' has no factory"),
    };
}
